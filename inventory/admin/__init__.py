from . import almacenes, catalogo, operaciones, otros, productos  # noqa: F401  (registers the admins)
