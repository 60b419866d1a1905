from rapportkarna import hookimpl
@hookimpl
def report_types():
    return ['x']
