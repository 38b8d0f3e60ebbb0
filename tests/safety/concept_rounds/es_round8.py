"""Spanish concepts widened in the eighth tuning round (the fresh12 batch of everyday Spanish of many regions and
code-switching, and the fresh13 batch of hard phrasings with no textbook words, both written by engineers who never saw
the rules), each tested with phrasings written afresh for this file (in no evaluation file), and look-alikes that must
stay quiet: lipstick, a grape lolly, the middle of the belly, the lump of crying, an ice pack, the schedule, a trip out,
food that stays down, an operated knee. Every WIDENED line was silent on the rules before this round (main 92bc9d3).

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

WIDENED_EMERGENT = [
    # the chest pointed at between the nipples, no word chest
    ("chest_pain", "me oprime entre las tetillas desde hace rato"),
    # someone standing on it, in the very middle
    ("chest_pain", "es como si alguien estuviera pisando encima, aquí en el mero centro"),
    # code-switched squeeze in the middle
    ("chest_pain", "siento un squeeze aquí en el medio que no me deja"),
    # the air running out
    ("shortness_of_breath", "siento que el aire se me acaba a cada ratito aunque esté sentada"),
    # out of bellows (fuelle) for breath
    ("shortness_of_breath", "me quedo sin fuelle nomás de ir al baño"),
    ("shortness_of_breath", "me falta fuelle hasta para hablar"),
    # a pause between every word
    ("shortness_of_breath", "tengo que hacer pausa entre cada palabra para poder seguir respirando"),
    # gone for a few seconds (not a trip somewhere), then not knowing what happened
    ("fainting", "creo que me fui unos segundos, no sé qué pasó, mi hija me estaba echando aire"),
    # lip colour said by likeness: aubergine, ink
    ("cyanosis", "tiene los labios color berenjena desde la mañana"),
    ("cyanosis", "tiene la boca como de tinta, bien rara"),
    # shaken about and not answering; wetting without knowing
    ("seizure", "se zarandeaba en el sillón sin responder"),
    ("seizure", "temblaba todo y se le salió la orina sin darse cuenta"),
    # one leg dragged or one arm hanging on one side; muddled words all of a sudden
    ("stroke", "arrastro la pierna izquierda como si no fuera mía desde hace una hora"),
    ("stroke", "el brazo derecho se le quedó colgando y no lo puede subir"),
    ("stroke", "de repente empezó a decir cosas revueltas en la cena"),
    # a ball stuck in the throat; the air that cannot get past
    ("anaphylaxis", "siento como una pelota atorada en la garganta desde que me inyectaron"),
    ("anaphylaxis", "se me hincha algo adentro y no me deja pasar el aire por la garganta"),
    # red threads in what is coughed up; vomit like hibiscus water
    ("blood_coughed_or_vomited", "escupí flemas con hilitos rojos toda la mañana"),
    ("blood_coughed_or_vomited", "vomitó algo como agua de jamaica hace un rato"),
    # a murmur and drifting off again; a rag doll that a pinch does not wake
    ("unresponsive", "lo muevo y apenas hace un ruidito, luego se vuelve a perder"),
    ("unresponsive", "está como muñeco de trapo, lo pellizco y ni abre los ojos"),
    # killing or ending oneself said without -me (non-native); not being here any more
    ("self_harm", "a veces pienso en matar a mí mismo"),
    ("self_harm", "ando pensando en terminar yo misma con mi vida"),
    ("self_harm", "sería mejor para todos si yo ya no estuviera"),
    # still coming while someone presses on it
    ("bleeding_uncontrolled", "la estoy presionando con gasas y se siguen poniendo rojas"),
    ("bleeding_uncontrolled", "le tengo la mano encima con una toalla y no se detiene"),
]

WIDENED_KEY_AT_ITS_TIER = [
    # shivering, then drenched in sweat
    ("fever", "tiemblo debajo de las cobijas y luego me despierto empapada de sudor"),
    # fluids that come back or do not stay in
    ("vomiting_no_fluids", "el suero le sale de regreso al ratito, cada vez"),
    ("vomiting_no_fluids", "ni el caldo se me queda adentro desde anoche"),
    # toes like wax, like someone else's, under a cast or splint
    ("circulation", "los dedos que salen del yeso están como de cera"),
    ("circulation", "siento los dedos de la férula como si fueran de otra persona"),
    # a leg hot and tight; trousers that no longer go on
    ("blood_clot", "tengo la pierna caliente y tirante desde ayer"),
    ("blood_clot", "a la pierna operada ya no le entra el pantalón"),
    # skin gone charcoal-coloured
    ("skin_damage", "la orilla de la cortada se puso color carbón"),
    # writhing although the dose was taken on time
    ("uncontrolled_pain", "me tomé la pastilla a su hora y me retuerzo igual"),
    # "lo chiquito" for urine
    ("urinary_retention", "desde la mañana no he podido hacer de lo chiquito"),
    # blotches or bumps since a new medicine
    ("medication_reaction", "desde el jarabe nuevo le salieron manchones en la panza"),
    ("medication_reaction", "me salieron unos bumps por todos lados desde la pastilla nueva"),
    # repeats one after another; tonight's pills taken too
    ("medication_overdose", "me tomé una, y luego otra, y no me acuerdo cuántas"),
    ("medication_overdose", "se tomó también las de la noche en la tarde"),
]

QUIET_BECAUSE = [
    ("lipstick, not the lips' own colour", "me pinté los labios color vino para la foto"),
    ("a grape lolly", "la niña tiene la boca color uva de la paleta que se comió"),
    ("the middle of the belly, not the chest", "me duele aquí en el centro de la panza donde me operaron"),
    ("the lump of crying", "tengo como una bola en la garganta de tanto llorar"),
    (
        "holding a hand and the moaning that will not stop: no bleeding",
        "le aprieto la mano a mi papá y no para de quejarse",
    ),
    ("an ice pack from the freezer, not a cold foot", "me puse una bolsa de chícharos del congelador en el pie"),
    ("the schedule, twice a day", "me la tomo dos veces al día como dice la receta"),
    ("the next dose hours later, as told", "me tomé una y luego otra a las ocho horas como me dijeron"),
    ("this morning's pills, taken", "ya me tomé las de la mañana"),
    ("a trip out, and back", "me fui un ratito al mercado y cuando volví ya estaba dormida"),
    ("a few seconds in the kitchen", "me fui unos segundos a la cocina y volví"),
    ("food that stays down", "ya todo lo que como se me queda adentro, cero vómito"),
    ("water that stays down, nothing brought up", "el agua se me queda adentro, no he echado nada"),
    ("writhing with laughter", "el niño se retuerce de risa aunque le di su jarabe"),
    ("one leg dragged because the operated knee hurts", "arrastro el pie derecho porque me duele la rodilla operada"),
    ("told not to strain", "me dijeron no hacer fuerza al orinar"),
    ("two different pills taken together, as prescribed", "me tomo dos pastillas distintas con el desayuno"),
]
