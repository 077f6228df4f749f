from cpe.models import ConfiguracionCpe


def cargar_demo(contexto: dict) -> None:
    # The demo company sends at once to the ERP's own sandbox; boletas go in the daily summary.
    ConfiguracionCpe.de(contexto["empresa"].pk)
