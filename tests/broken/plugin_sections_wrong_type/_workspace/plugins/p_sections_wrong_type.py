from rapportkarna import hookimpl
@hookimpl
def report_sections(report, federation, data, moment, history, rules, indicators, economy):
    return 'x'
