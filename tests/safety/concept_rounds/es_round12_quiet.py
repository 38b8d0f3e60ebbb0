"""Spanish false alarms quieted in the twelfth tuning round (fresh21, what must not alarm, written by an engineer who
never saw the rules), and its few misses: a complaint denied as what it is not ("nada de que me falte el aire", "no es
que me duela", the denial ended by "es que" / "sino"), childhood said with the country's word for a child ("de bebé",
"de chamaco", "de morra", "cuando era chavo"), an earlier operation ("la otra operación", "la cirugía de antes"), fine
since then with what was done in between ("desde entonces me checo la temperatura y ando normal"), the bowels moved
with the day said after ("ya fui al baño ayer, gracias a Dios"), people in general heard of ("hay gente que...", "me
contaron de personas que..."), the caller's own operation said to be fine ("yo de la hernia voy bien"), and "no quiere
despertar" said of someone asleep (one who will not wake, not a wish). Widened: less, not gone ("ya no sale tanto"),
"bien" before how one is meaning "very" ("ando bien tapado"), "no hago del dos", bleeding that "no deja de salir" under
pressure, a question passed on to the nurse ("pregúntele a la enfermera...") and a nurse asked for without the article.
Each line is written afresh for this file (in no evaluation file); TIERS holds the near-misses that must still fire.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    # denied as what it is not
    ("nothing of the sort", "Nada de que me duela el pecho, señorita, es pura agruras de la cena."),
    ("it is not that", "No es que se me haya infectado la herida, nomás está un poquito rosita de la cinta."),
    # childhood in the country's words
    ("as a baby", "A mi hijo de bebé le dieron convulsiones con calentura, pero de eso ya nada."),
    ("as a kid (chavo)", "Cuando era chavo me desmayaba en la escuela, pero ya de adulto nunca."),
    ("as a girl (morra)", "De morra se me hinchaba la garganta con los camarones; ahora ni los como."),
    # an earlier operation
    ("the other operation", "En la otra cirugía sí me salió pus de la herida; de esta todo limpio."),
    ("the operation before", "Con la operación de antes tuve coágulo en la pierna, por eso me dieron inyecciones."),
    # fine since then, with what was done in between
    (
        "fine since then, checked in between",
        "El lunes tuve calentura de 38.8, pero desde entonces me checo dos veces al día y estoy normal.",
    ),
    (
        "fine since the night before",
        "Se me durmieron los dedos con la férula y desde anoche ya me siento bien.",
    ),
    # the bowels moved, the day said after
    ("went this morning, thanks be", "Tenía días estreñido pero ya fui al baño esta mañana, bendito sea Dios."),
    # people in general, heard of
    ("people heard of", "Mi vecina me dijo que hay personas que se desmayan después de la anestesia, ¿eso es cierto?"),
    ("some patients", "Leí que a algunos pacientes se les abre la herida, ¿cómo sé si es normal?"),
    # someone asleep who will not wake, asked as a question
    ("will not wake, asked", "¿Qué hago si el niño está muy dormido y no quiere despertar para comer?"),
]

SOMEONE_ELSE = [
    # the caller's own operation fine: the relative named is not the patient
    (
        "caregiver",
        "Mi esposa es la que tiene dolor de pecho, ya la llevaron al doctor; yo de la vesícula voy muy bien.",
    ),
    ("caregiver", "Es mi mamá la que se desmayó en la cocina; yo con mi rodilla ando bien."),
]

WIDENED = [
    ("bleeding_uncontrolled", "Estoy echando mucha sangre de la herida, le apreté con una gasa y no deja de salir."),
    ("nurse_request", "Pregúntele a la doctora si ya me puedo bañar con los puntos."),
    ("nurse_request", "Dígale a la enfermera que me marque, tengo dudas de las pastillas."),
    ("nurse_request", "necesito hablar con doctora, es sobre la receta"),
    ("constipation", "Desde el sábado no hago del dos y ya tomé el laxante."),
    ("constipation", "Tengo cinco días sin evacuar, ya ando bien hinchado de la panza."),
    # the wish not to wake reported by a carer; a carer's relative who cannot breathe, no own operation said fine
    ("caregiver", "self_harm", "Mi papá dice que ya no quiere despertar, que está harto."),
    ("caregiver", "shortness_of_breath", "Mi esposo no puede respirar bien y tiene los labios morados."),
    ("bleeding_soaked_dressing", "La gasa se empapó de sangre y traspasó la bata, aunque ya no sangra tan fuerte."),
]

TIERS = [
    # the denial does not reach what it is instead
    ("No es que me falte el aire, es que me duele el pecho muy fuerte.", "emergent"),
    # a childhood word, and the complaint now
    ("De chamaco tenía asma, y ahorita me estoy ahogando, no puedo respirar.", "emergent"),
    ("Mi hija de bebé tuvo convulsiones y hoy le dio otra convulsión.", "emergent"),
    # the other operation, and this time it is infected
    ("En la otra operación todo bien, pero esta vez la herida tiene pus y huele feo.", "urgent"),
    # "desde entonces" with the complaint going on, or fine only on the fever medicine
    ("Tuve calentura de 39 el lunes y desde entonces sigo con escalofríos.", "urgent"),
    ("Tengo calentura de 39, desde ayer tomo paracetamol y ando normal un rato.", "urgent"),
    # "bien" meaning "very"
    ("Ya me siento bien mal, me falta el aire.", "emergent"),
    # went but little came
    ("Estaba estreñido y ya fui al baño ayer, pero poquito y duro, sigo tapado.", "routine"),
    # less, not gone; gone altogether
    ("Se me empapó el vendaje de sangre pero ya no sale tanto.", "urgent"),
    ("Se me empapó el vendaje de sangre el lunes, pero ya no sale nada.", "none"),
    # people in general named, and the caller's own
    ("Hay gente que se desmaya con la anestesia, y yo me desmayé hoy en la mañana.", "emergent"),
    # the wish not to wake, said as one's own or reported
    ("Ya no quiero despertar, estoy muy cansado de todo.", "emergent"),
]
