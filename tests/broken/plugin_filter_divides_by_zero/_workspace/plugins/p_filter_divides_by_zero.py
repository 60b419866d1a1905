from rapportkarna import hookimpl
@hookimpl
def template_filters():
    return {'noll': lambda v: v / 0}
