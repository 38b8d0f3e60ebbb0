"""Spanish false alarms quieted in the eleventh tuning round (fresh19, what must not alarm beside red flags said the
same way, and fresh18's false alarms, both written by engineers who never saw the rules): the heparin shots "pero
nada más" (nothing else, not a medicine that does nothing), the bowels moved with the laxative's help, a clot "hace
like five years" (the years in English or in digits), an age in childhood ("cuando tenía dos años"), an earlier birth
or caesarean ("cuando me alivié del primero", "mi cesárea anterior", "mi primera cesárea") ended by "ahorita" / "esta
vez", a threshold or a count asked ("¿la calentura de cuánto es peligrosa?", "¿cuántos días sin ir al baño...?"), "¿y
qué tal que...?" (what if), and the compadre or comadre said without "mi". Each line is written afresh for this file
(in no evaluation file); TIERS holds the same words with the red flag really there, which must still fire, and
answers opening "No," / "Ay no," / "Sí, no," both ways.

Data only: tests/safety/test_triage_concepts.py hears each list as its name says."""

QUIET_BECAUSE = [
    # "nada más" after the medicine is "nothing else", not "it does nothing"
    (
        "heparin bruises, nothing else",
        "Me salieron moretitos en la barriga por las inyecciones de heparina, pero nada más, ni me duelen.",
    ),
    # the bowels moved, with the help of something, the sentence ending there
    ("went with the prunes' help", "Andaba tapada, pero ya fui al baño gracias a las ciruelas pasas."),
    # years ago, said in English or in digits
    ("years ago in English", "Hace como seven years tuve un coágulo en la pierna; de esta operación ando bien."),
    ("years ago in digits", "Tuve trombosis hace 4 años, por eso me ponen las inyecciones."),
    ("years ago in English after 'Sí, no,'", "Sí, no, el coágulo fue hace like five years."),
    # an age in childhood
    (
        "an age the child was",
        "Cuando tenía tres añitos le dieron convulsiones con la fiebre, pero de la operación de oídos va muy bien.",
    ),
    # an earlier birth or caesarean, not this one
    (
        "an earlier birth",
        "Cuando me alivié de mi primera niña tuve una calentura muy alta; con esta cesárea nada de eso.",
    ),
    ("the first caesarean", "En mi primera cesárea se me abrieron los puntos, esta vez todo cerró bonito."),
    ("an earlier birth after 'Ay no,'", "Ay no, eso de la calentura fue cuando me alivié del primero."),
    # a threshold asked, a "what if"
    ("a threshold asked", "¿Y la fiebre de cuánto ya es para ir a urgencias?"),
    ("a threshold asked after 'No,'", "No, nomás quería saber: la calentura de cuánto es peligrosa."),
    # a count asked, opening the question, the complaint right after the count
    ("how many hours without passing water", "¿Cuántas horas sin hacer pipí ya es de cuidado?"),
    ("how many days without going, after 'Ay no,'", "Ay no, nomás pregunto: ¿cuántos días sin evacuar es normal?"),
    ("how many days, after 'Sí, no,'", "Sí, no, ¿cuántos días sin obrar es mucho?"),
    ("what if (qué tal que)", "¿Qué tal que me empiece a sangrar la herida en la noche? ¿A quién le hablo?"),
    ("what if (qué tal si)", "¿Y qué tal si le da calentura al niño el fin de semana?"),
    # the comadre or compadre said without "mi"
    ("the comadre fainted", "La comadre se desmayó en la misa, pero yo estoy bien."),
    ("the compadre after 'Ay no,'", "Ay no, fue al compadre al que le dio el desmayo, yo ando bien."),
]

TIERS = [
    # a medicine that does nothing is still uncontrolled pain
    ("Me pusieron las inyecciones para el dolor, pero nada, sigo en un diez.", "urgent"),
    ("Me tomé la pastilla y nada, nada más no se me quita el dolor.", "urgent"),
    # went to the toilet with the laxative and nothing came
    ("Llevo cinco días estreñido y ya fui al baño con el laxante pero no salió nada.", "routine"),
    # the clot years ago, and the calf now
    ("Hace como two years tuve un coágulo, y ahora tengo la pantorrilla hinchada y caliente.", "urgent"),
    ("Tuve un blood clot hace 3 years, pero ahora la pierna se me hinchó toda y me duele la pantorrilla.", "urgent"),
    ("Ay no, fue hace like five years, pero hoy otra vez tengo la pantorrilla hinchada y dura.", "urgent"),
    # the earlier birth, and a fever or an open wound now
    ("Cuando me alivié del primero me dio calentura, y ahora otra vez tengo calentura de 39.", "urgent"),
    ("En mi cesárea anterior no pasó nada, pero ahora se me abrió la herida.", "urgent"),
    ("No, eso fue en mi primera cesárea; ahorita se me abrió la herida y sale pus.", "urgent"),
    # a childhood age, and a seizure today; a two-year-old's seizure today
    ("Cuando tenía cinco años me daban convulsiones, y hoy le dio una convulsión otra vez.", "emergent"),
    ("Mi hijo de dos años tuvo una convulsión hoy en la mañana.", "emergent"),
    # a threshold asked beside a fever said with its number
    ("Tengo calentura de 39.5, ¿de cuánto es peligrosa?", "urgent"),
    ("¿Tengo calentura de 39, de cuánto ya es peligrosa?", "urgent"),
    ("Sí, no, a partir de cuántos grados no sé, pero tengo 39 y escalofríos.", "urgent"),
    # a count asked beside the complaint said of oneself, or of how long it goes on
    ("¿Cuántos días llevo sin evacuar? Como cinco.", "routine"),
    ("¿Cuántas horas sin orinar es normal? Porque llevo diez horas sin poder orinar.", "urgent"),
    ("¿Cuántos días más va a supurar la herida?", "urgent"),
    # what if, and the hand already purple
    ("¿Y qué tal que se ponga peor? Ya tengo la mano del yeso morada y fría.", "urgent"),
    # the compadre named beside the caller's own emergency
    ("Al compadre le dio un patatús y a mí también me dio un desmayo hace rato.", "emergent"),
    ("El compadre me trajo al hospital porque me desmayé.", "emergent"),
    ("No, la comadre está bien; yo soy la que se desmayó.", "emergent"),
    ("Ay no, el compadre no, yo tengo un dolor de pecho que no se me quita.", "emergent"),
]
