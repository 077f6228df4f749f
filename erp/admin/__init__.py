from . import empresa, referencia, socios, tareas, usuarios  # noqa: F401  (registers the admins)
