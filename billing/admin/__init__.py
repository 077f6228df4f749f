from . import comerciales, configuracion, documentos, ordenes  # noqa: F401  (registers the admins)
