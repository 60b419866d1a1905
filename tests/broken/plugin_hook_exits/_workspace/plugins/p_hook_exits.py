from rapportkarna import hookimpl
@hookimpl
def validate_federation(federation, data, moments):
    import sys
    sys.exit(2)
