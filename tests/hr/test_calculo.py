"""The payroll rules on hand-worked cases (FACTS.md section 4): each amount to the cent, the working beside it."""

from decimal import Decimal as D

from hr.calculo import (
    AFP,
    MIXTA,
    PEQUENA,
    EntradaTrabajador,
    Parametros,
    TasasAfp,
    calcular_boleta,
    cts,
    liquidacion,
    primera_quincena,
    promedio_variable,
    quinta_al_cese,
    segunda_quincena,
)

P = Parametros(
    rmv=D("1130"), uit=D("5500"), onp=D("13"), essalud=D("9"), essalud_con_eps=D("6.75"),
    asignacion_familiar=D("10"), bonificacion=D("9"), bonificacion_con_eps=D("6.75"), deduccion_quinta_uit=D("7"),
    tramos_quinta=((D("5"), D("8")), (D("20"), D("14")), (D("35"), D("17")), (D("45"), D("20")), (None, D("30"))),
    afp={
        "integra": TasasAfp(D("10"), D("1.37"), D("1.55"), D("0"), D("12234.34")),
        "prima": TasasAfp(D("10"), D("1.37"), D("1.60"), D("0"), D("12234.34")),
        "habitat": TasasAfp(D("10"), D("1.37"), D("1.47"), D("0.38"), D("12234.34")),
    },
)
# 3,000 a month all year: 323.20 of annual tax (see the June case); Jan–Mar 323.20/12 = 26.93,
# Apr (323.20 − 80.79)/9 = 26.93, May–Jul (323.20 − 107.72)/8 = 26.94.
RETENIDO_3000 = (D("26.93"),) * 4 + (D("26.94"),) * 3


def test_trabajador_onp_en_junio():
    b = calcular_boleta(P, EntradaTrabajador(mes=6, sueldo=D("3000"), ingresos_previos=D("15000"),
                                             retenciones_previas=RETENIDO_3000[:5]))
    assert b.onp == D("390.00")  # 13 % of 3,000
    assert b.essalud == D("270.00")  # 9 % of 3,000
    # 15,000 (Jan–May) + 3,000 + 3,000 × 6 + 2 × (3,000 + 270) = 42,540; − 38,500 = 4,040 × 8 % = 323.20
    assert b.proyeccion_anual == D("42540.00")
    assert b.impuesto_anual == D("323.20")
    # June: (323.20 − retained Jan–Apr 107.72) / 8 = 26.935
    assert b.quinta == D("26.94")
    assert b.neto == D("2583.06")  # 3,000 − 390 − 26.94


def test_afp_por_encima_de_la_remuneracion_maxima_asegurable():
    b = calcular_boleta(P, EntradaTrabajador(mes=3, sueldo=D("15000"), sistema=AFP, afp="integra",
                                             ingresos_previos=D("30000")))
    assert b.afp_aporte == D("1500.00")  # 10 % of 15,000
    assert b.afp_prima == D("167.61")  # 1.37 % of the maximum 12,234.34 = 167.6104, not of 15,000
    assert b.afp_comision == D("232.50")  # 1.55 % on flow of 15,000
    # 30,000 + 15,000 + 15,000 × 9 + 2 × 16,350 = 212,700; − 38,500 = 174,200:
    # 27,500 × 8 % = 2,200 + 82,500 × 14 % = 11,550 + 64,200 × 17 % = 10,914 → 24,664; March / 12 = 2,055.33
    assert b.impuesto_anual == D("24664.00")
    assert b.quinta == D("2055.33")
    assert b.neto == D("11044.56")  # 15,000 − 1,500 − 167.61 − 232.50 − 2,055.33
    assert b.essalud == D("1350.00")


def test_asignacion_familiar_y_horas_extra_con_comision_mixta():
    b = calcular_boleta(P, EntradaTrabajador(mes=2, sueldo=D("2000"), hijos=True, sistema=AFP, afp="prima",
                                             comision=MIXTA, horas_extra_25=D("2"), horas_extra_35=D("1"),
                                             ingresos_previos=D("2113")))
    assert b.asignacion_familiar == D("113.00")  # 10 % of the RMV 1,130
    # hour = 2,113 / 30 / 8 = 8.80417; 2 h × 1.25 = 22.0104 + 1 h × 1.35 = 11.8856 → 33.8960
    assert b.horas_extra == D("33.90")
    assert b.horas_extra_35 == D("11.89")  # of which the 35 % hour, declared apart in the PLAME
    assert b.base_aportes == D("2146.90")
    assert b.afp_aporte == D("214.69")
    assert b.afp_prima == D("29.41")  # 1.37 % of 2,146.90 = 29.4125
    assert b.afp_comision == D("0.00")  # the mixed commission charges nothing on the salary since 2023
    assert b.quinta == D("0.00")  # projection 29,996.24 is below 7 UIT
    assert b.neto == D("1902.80")
    assert b.essalud == D("193.22")  # 9 % of 2,146.90 = 193.221


def test_comision_mixta_con_componente_sobre_flujo():
    b = calcular_boleta(P, EntradaTrabajador(mes=2, sueldo=D("2000"), sistema=AFP, afp="habitat", comision=MIXTA))
    assert b.afp_comision == D("7.60")  # 0.38 % of 2,000


def test_faltas_y_tardanzas_se_descuentan():
    b = calcular_boleta(P, EntradaTrabajador(mes=5, sueldo=D("3000"), dias_falta=2, minutos_tardanza=45,
                                             ingresos_previos=D("12000"), retenciones_previas=RETENIDO_3000[:4]))
    assert b.descuento_faltas == D("200.00")  # 3,000 / 30 × 2
    assert b.descuento_tardanzas == D("9.38")  # 3,000 / 30 / 8 / 60 × 45 = 9.375
    assert b.onp == D("362.78")  # 13 % of 2,790.62
    # 12,000 + 2,790.62 + 3,000 × 7 + 6,540 = 42,330.62 → 3,830.62 × 8 % = 306.45; (306.45 − 107.72) / 8 = 24.84
    assert b.quinta == D("24.84")
    assert b.neto == D("2403.00")
    assert b.essalud == D("251.16")


def test_julio_con_gratificacion_y_bonificacion():
    b = calcular_boleta(P, EntradaTrabajador(mes=7, sueldo=D("3000"), ingresos_previos=D("18000"),
                                             retenciones_previas=RETENIDO_3000[:6]))
    assert (b.gratificacion, b.bonificacion) == (D("3000.00"), D("270.00"))
    assert b.onp == D("390.00")  # the gratificación pays no ONP
    assert b.essalud == D("270.00")
    # 18,000 + 6,270 + 3,000 × 5 + (3,000 + 270) = 42,540 → 323.20; (323.20 − 107.72) / 8
    assert b.quinta == D("26.94")
    assert b.neto == D("5853.06")  # 6,270 − 390 − 26.94


def test_gratificacion_con_eps_y_semestre_incompleto():
    b = calcular_boleta(P, EntradaTrabajador(mes=12, sueldo=D("3000"), eps=True, meses_gratificacion=4))
    assert b.gratificacion == D("2000.00")  # 3,000 × 4 / 6
    assert b.bonificacion == D("135.00")  # 6.75 % with an EPS
    assert (b.essalud, b.eps) == (D("202.50"), D("67.50"))  # 6.75 % and 2.25 % of 3,000


def test_diciembre_regulariza_la_quinta_del_anio():
    # The salary rose in December: January–November retained 11 × 20.00 = 220.00.
    b = calcular_boleta(P, EntradaTrabajador(mes=12, sueldo=D("3000"), ingresos_previos=D("36270"),
                                             retenciones_previas=(D("20.00"),) * 11))
    # 36,270 + 3,000 + 3,270 = 42,540 → 323.20; December pays the balance 323.20 − 220.00
    assert b.impuesto_anual == D("323.20")
    assert b.quinta == D("103.20")


def test_pequena_empresa_media_gratificacion_y_piso_essalud():
    b = calcular_boleta(P, EntradaTrabajador(mes=7, sueldo=D("1500"), regimen=PEQUENA, ingresos_previos=D("9000")))
    assert (b.gratificacion, b.bonificacion) == (D("750.00"), D("67.50"))
    assert b.neto == D("2122.50")  # 1,500 + 750 + 67.50 − ONP 195
    faltas = calcular_boleta(P, EntradaTrabajador(mes=3, sueldo=D("1130"), dias_falta=3))
    assert faltas.base_aportes == D("1017.00")
    assert faltas.essalud == D("101.70")  # 9 % of the RMV, not of 1,017


def test_cts_de_noviembre():
    # (3,000 + 113 + 3,113 / 6 = 518.83) = 3,631.83 × 6 / 12
    assert cts(sueldo=D("3000"), asignacion=D("113"), ultima_gratificacion=D("3113"), meses=6, dias=0,
               regimen="general") == D("1815.92")
    # 4 months 10 days: 3,631.8333 × (4/12 + 10/360) = 1,311.4954; half in a small enterprise 655.7477
    assert cts(sueldo=D("3000"), asignacion=D("113"), ultima_gratificacion=D("3113"), meses=4, dias=10,
               regimen="general") == D("1311.50")
    assert cts(sueldo=D("3000"), asignacion=D("113"), ultima_gratificacion=D("3113"), meses=4, dias=10,
               regimen=PEQUENA) == D("655.75")


def test_liquidacion_despues_de_siete_meses():
    # From 1 January to 31 July on 2,400: July's gratificación paid, May's CTS deposited (Jan–Apr).
    liq = liquidacion(P, sueldo=D("2400"), hijos=False, regimen="general", eps=False,
                      ultima_gratificacion=D("2400"), meses_cts=3, dias_cts=0, meses_gratificacion=1,
                      meses_vacaciones=7)
    assert liq.cts_trunca == D("700.00")  # (2,400 + 400) × 3 / 12
    assert (liq.gratificacion_trunca, liq.bonificacion) == (D("400.00"), D("36.00"))  # 2,400 / 6, 9 %
    assert liq.vacaciones_truncas == D("1400.00")  # 2,400 × 7 / 12
    assert liq.total == D("2536.00")


def test_microempresa_sin_gratificacion():
    b = calcular_boleta(P, EntradaTrabajador(mes=12, sueldo=D("1130"), regimen="micro"))
    assert (b.gratificacion, b.bonificacion) == (D("0.00"), D("0.00"))
    assert b.neto == D("983.10")  # 1,130 − ONP 146.90


def test_tiempo_computable_en_meses_y_dias():
    import datetime

    from hr.calculo import meses_y_dias

    # 16 June – 31 October: June gives 15 loose days, July–October 4 whole months.
    assert meses_y_dias(datetime.date(2026, 6, 16), datetime.date(2026, 10, 31)) == (4, 15)
    # 20 days at each end make a month and 10 days; 3 unjustified absences leave 7.
    assert meses_y_dias(datetime.date(2026, 1, 12), datetime.date(2026, 3, 20)) == (2, 10)
    assert meses_y_dias(datetime.date(2026, 1, 12), datetime.date(2026, 3, 20), descontar_dias=3) == (2, 7)


def test_las_dos_quincenas_suman_el_mes():
    # June, 3,000 with asignación familiar (113), ONP; January–May paid 5 × 3,113 = 15,565 and retained 37.62 a month.
    comun = dict(mes=6, sueldo=D("3000"), hijos=True, horas_extra_25=D("2"), adelantos=D("500"),
                 ingresos_previos=D("15565"), retenciones_previas=(D("37.62"),) * 5)
    # Days 1–15: 1 falta, 30 minutes late, 2 overtime hours, an advance of 500.
    q1 = primera_quincena(P, EntradaTrabajador(**comun, dias_falta=1, minutos_tardanza=30))
    assert (q1.basico, q1.asignacion_familiar) == (D("1500.00"), D("56.50"))  # 3,000 / 30 × 15; 113 / 2
    assert q1.horas_extra == D("32.43")  # (3,000 + 113) / 240 × 1.25 × 2 = 32.427
    assert (q1.descuento_faltas, q1.descuento_tardanzas) == (D("100.00"), D("6.25"))  # 3,000 / 30; 3,000 × 30 / 14,400
    assert q1.total_ingresos == D("1482.68")  # 1,500 + 56.50 + 32.43 − 100 − 6.25
    assert q1.onp == D("192.75")  # 13 % of 1,482.68 = 192.748
    assert (q1.quinta, q1.essalud) == (D("0"), D("0"))  # monthly: they wait for the second fortnight
    assert q1.neto == D("789.93")  # 1,482.68 − 192.75 − 500

    # The month: 2 faltas, 45 minutes (15 more in days 16–30), the same overtime and advance.
    mes = calcular_boleta(P, EntradaTrabajador(**comun, dias_falta=2, minutos_tardanza=45))
    q2 = segunda_quincena(mes, q1)
    # Month base 3,000 + 113 + 32.43 − 200 − 9.38 (9.375) = 2,936.05; the fortnight's 2,936.05 − 1,482.68
    assert (q2.basico, q2.asignacion_familiar, q2.horas_extra) == (D("1500.00"), D("56.50"), D("0.00"))
    assert (q2.descuento_faltas, q2.descuento_tardanzas) == (D("100.00"), D("3.13"))  # 200 − 100; 9.38 − 6.25
    assert q2.total_ingresos == D("1453.37")
    assert q2.onp == D("188.94")  # ONP of the month 13 % of 2,936.05 = 381.69, less the 192.75 retained
    # 5th category once: 15,565 + 2,936.05 + 3,113 × 6 + 2 × (3,113 + 280.17) = 43,965.39; − 38,500 = 5,465.39
    # × 8 % = 437.23; June (437.23 − Jan–Apr 150.48) / 8 = 35.84375
    assert q2.quinta == D("35.84")
    assert q2.essalud == D("264.24")  # 9 % of the month's 2,936.05 (above the RMV)
    assert q2.adelantos == D("0")  # the advance was taken in the first fortnight
    assert q2.neto == D("1228.59")  # 1,453.37 − 188.94 − 35.84
    assert q1.neto + q2.neto == mes.neto == D("2018.52")


def test_quincena_afp_con_prima_hasta_el_tope_del_mes():
    # 30,000 a month in AFP Integra: the first fortnight's 15,000 is over the maximum insurable 12,234.34.
    t = dict(mes=3, sueldo=D("30000"), sistema=AFP, afp="integra")
    q1 = primera_quincena(P, EntradaTrabajador(**t))
    assert q1.afp_prima == D("167.61")  # 1.37 % of 12,234.34, not of 15,000
    q2 = segunda_quincena(calcular_boleta(P, EntradaTrabajador(**t)), q1)
    assert q2.afp_prima == D("0.00")  # the month's premium is that same 167.61: nothing left for days 16–31
    assert (q1.afp_aporte, q2.afp_aporte) == (D("1500.00"), D("1500.00"))  # 10 % of each 15,000


def test_remuneracion_variable_promedio_de_seis_meses():
    # Paid in 4 of the last 6 months: (1,200 + 1,500 + 900 + 1,800) / 6 = 900
    assert promedio_variable((D("0"), D("0"), D("1200"), D("1500"), D("900"), D("1800"))) == D("900.00")
    # Only the last 6 count: 5,000 seven months ago does not; 3 of 6 is regular: 2,000 / 6 = 333.333
    assert promedio_variable((D("5000"), D("0"), D("0"), D("0"), D("500"), D("700"), D("800"))) == D("333.33")
    assert promedio_variable((D("0"),) * 4 + (D("1500"), D("1800"))) == D("0")  # 2 of 6: not regular


def test_quinta_al_cese_devuelve_o_retiene():
    # 56,000 earned in the year: 56,000 − 38,500 = 17,500 × 8 % = 1,400; 1,500 retained → 100 back to the worker
    assert quinta_al_cese(P, ingresos=D("56000"), retenido=D("1500")) == D("100.00")
    # 70,000: 31,500 → 27,500 × 8 % = 2,200 + 4,000 × 14 % = 560 → 2,760; 2,000 retained → 760 retained now
    assert quinta_al_cese(P, ingresos=D("70000"), retenido=D("2000")) == D("-760.00")
