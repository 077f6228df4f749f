from billing.tesoreria import admin as tesoreria  # noqa: F401  (the treasury's screens)

from . import comerciales, configuracion, documentos, guias, ordenes, otros  # noqa: F401  (registers the admins)
