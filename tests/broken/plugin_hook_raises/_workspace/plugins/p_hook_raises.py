from rapportkarna import hookimpl
@hookimpl
def validate_federation(federation, data, moments):
    raise KeyError('x')
