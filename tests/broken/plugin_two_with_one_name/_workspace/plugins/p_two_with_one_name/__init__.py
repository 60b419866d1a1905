from rapportkarna import hookimpl
