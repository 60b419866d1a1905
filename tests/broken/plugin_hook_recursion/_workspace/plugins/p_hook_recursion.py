from rapportkarna import hookimpl
def f():
    return f()


@hookimpl
def validate_federation(federation, data, moments):
    return f()
