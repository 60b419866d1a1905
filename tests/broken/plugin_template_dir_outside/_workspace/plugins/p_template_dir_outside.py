from rapportkarna import hookimpl
@hookimpl
def template_dirs():
    return ['/etc']
