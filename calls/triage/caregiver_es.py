"""Whether a Spanish-speaking caller who names a close relative is speaking for the patient.

On a follow-up call the phone is often answered by the person caring for the patient. "Mi mamá tiene
dolor de pecho" is still someone else (CLINICAL.md: a nurse hears another person); but a caller who ties
the relative to the procedure speaks for the patient: "mi abuelito que operaron de la hernia tiene la boca
torcida", "a mi esposa se le inflamó la pierna de la operación", "a mi mamá se le pasó la sangre por el
vendaje", "mi esposo lleva diez horas sin orinar después de la hernia". Someone else is meant all the same
when the caller says so ("yo estoy bien", "el operado está bien", "mi papá, el que no operaron"), means
another relative ("mi otro hijo", "mi hija mayor"), names a diagnosis in the relative's past ("mi mamá
tuvo un derrame") or their own long-standing illness ("por el enfisema", "es diabético"). Neighbours,
friends, siblings and in-laws stay someone else (context_es.yaml, FAMILY). The past ("el año pasado",
"antes de la cirugía") is heard by ConText as for any red flag.
"""

from __future__ import annotations

import re

from calls.triage.catalogue_es import fold

# The relatives a caller cares for at home after a procedure (matched unaccented).
_CLOSE_RELATIVE = re.compile(
    r"\b(?:mi|a mi)\s+(?:espos[oa]|marido|mujer|pareja|mama|mami|madre|papa|papi|padre|abuel(?:it)?[oa]|"
    r"viejit[oa]|niet[oa])\b|"
    # code-switching: "my husband el que tuvo la cirugía..."
    r"\bmy\s+(?:husband|wife|partner|mom|mum|mother|dad|father|grand(?:ma|mother|pa|father))\b",
    re.I,
)
# The caller says the relative is not the patient, or means another relative.
_SOMEONE_ELSE = re.compile(
    r"\b(?:yo\s+(?:de\s+(?:la|mi)\s+(?:operacion|cirugia)\s+)?(?:estoy|ando|voy|me siento|sigo|me encuentro)\s+"
    r"(?:muy\s+)?bien|yo\s+no\b|yo\s+no\s+tengo|"
    # the caller's own operation named and fine: "yo de la cesárea estoy bien", "yo, de mi operación, bien"
    r"yo\W+(?:de|con)\s+(?:la|mi|lo de la|lo de mi|lo del|el)\s+\w+\W+"
    r"(?:(?:estoy|ando|voy|me siento|sigo|me encuentro)\s+)?"
    r"(?:muy\s+)?(?:bien|perfect[oa]|tranquil[oa])\b|"
    # the caller is the patient: "yo soy la operada", "pero yo, que soy la operada, ...", "la paciente soy yo"
    r"(?:\byo\W+)?(?:que\s+)?soy\s+(?:el|la)\s+(?:operad[oa]|paciente)\b|(?:el|la)\s+(?:operad[oa]|paciente)\s+soy\s+yo\b|"
    r"(?:el|la)\s+(?:operad[oa]|paciente|que\s+operaron)\s+(?:esta|anda|sigue|se siente)\s+bien|"
    r"no\s+es\s+(?:el|la)\s+(?:operad[oa]|paciente)|no\s+(?:lo|la)\s+operaron|"
    r"(?:el|la)\s+que\s+no\s+(?:operaron|se\s+opero)|otr[oa]s?\s+(?:hij|nin|niet)|"
    r"(?:hij[oa]|niet[oa])\s+(?:mayor|menor|grande|chic[oa])\b|"
    # a diagnosis in their past ("mi mamá tuvo un derrame") or an event dated before the procedure's week
    r"(?:tuvo|le dio|le dieron|sufrio|ha tenido|le ha dado)\s+(?:un|una)\s+(?:derrame|embolia|infarto|trombosis|"
    r"coagulo|ictus|ataque al corazon)|"
    r"la semana pasada|el mes pasado|el ano pasado|hace (?:unos |varios )?(?:anos|meses))",
    re.I,
)
# The relative's own long-standing illness explains it ("le falta el aire por el enfisema").
_OWN_ILLNESS = re.compile(
    r"\b(?:por\s+(?:el|la|su|una|un)\s+(?:enfisema|asma|epilepsia|diabetes|epoc|enfermedad|presion|gripa|gripe|"
    r"resfriado|catarro|ulcera|corazon|alergia|demencia|alzheimer)|(?:con|por)\s+su\s+(?:demencia|alzheimer)|(?:es|era)\s+(?:diabetic[oa]|asmatic[oa]|epileptic[oa])|"
    r"usa\s+oxigeno|(?:tiene|tenia)\s+(?:asma|epilepsia|enfisema|diabetes|gripa|gripe|alzheimer|demencia))",
    re.I,
)


# The relative is the one who had the procedure: named with it, or with its wound, dressing or medicine.
_HAD_THE_PROCEDURE = re.compile(
    r"\b(?:(?:que|el que|la que|a quien|quien)\s+(?:(?:lo|la|le)\s+)?(?:operaron|se opero|intervinieron)|"
    # "el que le hicieron el cateterismo", "al que le hicieron la cirugía", "la que tuvo la operación", "el operado"
    r"(?:que|quien)\s+(?:le|se)\s+(?:hicieron|hizo|practicaron)\s+(?:el|la|su|una|un)\s+\w+|"
    r"(?:que|quien)\s+tuvo\s+(?:la|su|una|el)\s+(?:cirugia|operacion|procedimiento|surgery|cateterismo)|"
    r"(?:el|la)\s+operad[oa]\b|"
    # the relative named by the procedure beside them ("mi esposo, el del cateterismo", "mi nieto, el de las anginas")
    r",\s*(?:el|la)\s+(?:del|de la|de las|de los|de su|de sus)\s+"
    r"(?:operacion|cirugia|procedimiento|cateterismo|hernia|vesicula|apendice|"
    r"cesarea|amigdalas|anginas|rodilla|cadera|prostata|biopsia|endoscopia|colonoscopia)\b|"
    # the operated limb or side named as the relative's ("la pierna operada está el doble", "del lado operado")
    r"(?:pierna|rodilla|cadera|brazo|hombro|mano|pie|tobillo|muneca|codo|lado|parte|ojo|seno)\s+operad[oa]\b|"
    r"(?:de|desde|despues de|por|con)\s+(?:la|su|lo de la|lo del|lo de su)\s+(?:operacion|cirugia|procedimiento|"
    r"hernia|vesicula|apendice|cesarea|amigdalas|anginas|cateterismo)|"
    r"desde que (?:llegamos|salimos|regresamos|volvimos|(?:lo|la) (?:dieron de alta|trajimos))|"
    # the relative sent home from the hospital ("desde que salió del hospital", "apenas lo dieron de alta")
    r"(?:lo|la)\s+dieron\s+de\s+alta|(?:salio|regreso|volvio|llego)\s+del\s+(?:hospital|sanatorio|quirofano)|"
    r"(?:su|la|el|los|las|sus)\s+(?:herida|cicatriz|incision|puntos|grapas|suturas|vendaje|venda|gasa|aposito|yeso|"
    r"ferula|drenaje|sonda)\b|"
    r"(?:la|su|sus|las)\s+(?:pastillas?|medicinas?)\s+(?:del dolor|que le (?:dieron|recetaron|mandaron))|"
    # the medicine given ("le di su pastilla", "ya le di de comer y su pastilla", "le dimos sus medicinas")
    r"le\s+(?:di|dimos|doy|damos)\s+(?:(?!(?:no|ni|nada)\b)\w+\s+){0,4}?(?:la|su|sus|las|el)\s+"
    r"(?:medicinas?|pastillas?|dosis|jarabe|medicamentos?)|"
    # a double dose given ("le di a mi abuela una double dose sin querer")
    r"le\s+(?:di|dimos)\s+(?:(?!(?:no|ni|nada)\b)\w+\s+){0,4}?(?:una|la)\s+(?:double dose|doble dosis|dosis doble))",
    re.I,
)


# Any relative (a brother, an aunt, a cousin) named at once as the one operated on: "a mi hermano, al que operaron",
# "mi tía, la que operaron de la vesícula". Said of the relative in so many words, not through a wound or a pill; a
# neighbour operated "el mismo día" stays someone else.
_RELATIVE_OPERATED = re.compile(
    r"\b(?:mi|a mi)\s+(?:herman[oa]|hij[oa]|ti[oa]|prim[oa]|sobrin[oa]|cunad[oa]|suegr[oa]|niet[oa]|espos[oa]|"
    r"mama|papa|abuel\w*)\W+(?:al|el|la|a la)\s+que\s+"
    r"(?:(?:lo|la|le)\s+)?(?:operaron|se opero|intervinieron)\b(?!\s+(?:el mismo dia|igual|tambien|junto)\b)|"
    # ... or whose trouble dates from "the" operation in the same clause ("mi hermano no despierta desde la operación")
    r"\b(?:mi|a mi)\s+(?:herman[oa]|hij[oa]|ti[oa]|prim[oa]|sobrin[oa])\b[^.;,]{0,60}?"
    r"\b(?:desde|despues de)\s+la\s+(?:operacion|cirugia)\b"
)


def speaks_for_patient_es(text: str) -> bool:
    """Whether the caller's close relative in `text` is the patient they are calling about."""
    folded = fold(text)
    return bool(
        ((_CLOSE_RELATIVE.search(folded) and _HAD_THE_PROCEDURE.search(folded)) or _RELATIVE_OPERATED.search(folded))
        and not _SOMEONE_ELSE.search(folded)
        and not _OWN_ILLNESS.search(folded)
    )


def says_someone_else_es(text: str) -> bool:
    """Whether the caller says the relative named is not the patient, or explains it by their own illness."""
    folded = fold(text)
    return bool(_SOMEONE_ELSE.search(folded) or _OWN_ILLNESS.search(folded))


# The caller says they are the one caring for the patient ("yo soy el que cuida a mi mamá", "yo la cuido", "soy su
# cuidadora") ...
_CALLER_IS_THE_CARER = re.compile(
    r"\b(?:yo\s+(?:soy\s+)?(?:el|la|quien)\s+que\s+(?:la\s+|lo\s+|le\s+)?(?:cuida|cuido|atiende|atiendo|acompana)\b|"
    r"yo\s+(?:soy\s+)?(?:quien\s+)?(?:la|lo|le)\s+(?:cuido|cuida|atiendo|atiende)\b|"
    r"soy\s+(?:su|el|la)\s+(?:cuidador|cuidadora)\b)",
    re.I,
)
# ... and that the patient is fine ("pero ella está bien", "mi mamá anda muy bien", "la operada sigue bien").
_FINE_RELATIVES = r"mama|papa|madre|padre|esposo|esposa|marido|mujer|abuel[oa]|abuelit[oa]|suegr[oa]|hij[oa]"
_DOING_WELL = (
    r"(?:esta|anda|sigue|va|se siente|se ve|se esta recuperando|se recupera|va saliendo)\s+(?:muy\s+|todo\s+)?"
    r"(?:bien|perfect[oa]|tranquil[oa]|mejor|de maravilla)\b"
)
_PATIENT_FINE = re.compile(
    rf"\b(?:ella|el|mi\s+(?:{_FINE_RELATIVES})|"
    r"(?:el|la)\s+(?:operad[oa]|paciente))"
    # the relative named as the one operated on between commas ("mi esposo, el que se operó, está bien")
    r"(?:\W+(?:el|la)\s+que\s+(?:(?:lo|la|le|se)\s+)?(?:operaron|opero)\W+)?"
    rf"\s*{_DOING_WELL}",
    re.I,
)


# ... unless the caller is the one operated on after all ("yo soy la operada", "me operaron", "mi herida", "se me abrió
# la herida"): then their trouble is the patient's.
_CALLER_OPERATED = re.compile(
    r"\b(?:(?:a\s+mi\s+)?me\s+(?:operaron|hicieron\s+la\s+(?:cirugia|operacion))|soy\s+(?:el|la)\s+(?:operad[oa]|paciente)|"
    r"mis?\s+(?:herida|heridas|operacion|cirugia|cicatriz|puntos|incision|drenaje|grapas)|"
    r"se\s+me\s+\w+\s+(?:la|las|los)\s+(?:herida|heridas|puntos|cicatriz|grapas))\b",
    re.I,
)


def callers_own_es(text: str, speaker: str | None = None) -> bool:
    """Whether the caller, the patient's carer, sets their own trouble against a patient who is fine: "yo soy el que
    cuida a mi mamá, y a mí me dio fiebre, pero ella está bien" (or any caller the call knows is a carer: "mi esposo,
    el que se operó, está bien; la que tiene fiebre soy yo"). What the caller says of themself is then someone
    else's for the patient's triage (an emergent one still gets its 911 line, as a bystander's)."""
    folded = fold(text)
    carer = speaker == "caregiver" or _CALLER_IS_THE_CARER.search(folded)
    return bool(carer and _PATIENT_FINE.search(folded) and not _CALLER_OPERATED.search(folded))


_RELATIVE_FINE = re.compile(rf"\bmi\s+({_FINE_RELATIVES})\s+{_DOING_WELL}")


def relatives_said_fine_es(text: str) -> frozenset[str]:
    """The close relatives a carer says are doing well ("mi mamá se está recuperando muy bien"): the patient, so
    another relative named with a red flag in the same turn ("pero a mi papá le duele el pecho") is someone else."""
    return frozenset(_RELATIVE_FINE.findall(fold(text).lower()))
