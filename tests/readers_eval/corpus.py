"""Six French press releases written for the readers' labelled set, as gold blocks.

Each release is a list of ``(kind, text, level)``: what a careful reader must recover.
They follow real releases' habits: a document label above the title, a chapô, the
three dateline shapes (``Paris, le …``, ``le vendredi … à Moscou``, ``Toulouse, 3 mars
2021 –`` opening the first paragraph), quotes with attribution, nested lists, tables,
an "À propos" boilerplate and contact lines with phones and e-mails.
"""

from __future__ import annotations

__all__ = ["RELEASES", "Gold"]

Gold = tuple[str, str, int]

_CNES: list[Gold] = [
    ("heading", "Le CNES et l’ESA s’engagent pour l’exploration de la Lune", 1),
    (
        "lead",
        "Les deux agences ont signé un accord-cadre qui couvre les missions lunaires "
        "robotiques et habitées de la prochaine décennie.",
        0,
    ),
    ("dateline", "Paris, le 11 octobre 2023", 0),
    (
        "paragraph",
        "Philippe Baptiste, président-directeur général du CNES, et Josef Aschbacher, "
        "directeur général de l’ESA, ont signé ce mercredi au siège de l’agence française "
        "un accord-cadre de coopération. Ce texte définit la contribution française au "
        "programme européen d’exploration et prévoit des échanges d’ingénieurs entre les "
        "centres techniques de Toulouse et de Noordwijk.",
        0,
    ),
    (
        "paragraph",
        "L’accord s’inscrit dans la continuité des travaux menés depuis 2019 sur "
        "l’atterrisseur Argonaut et sur les instruments scientifiques embarqués. Il "
        "précise aussi le calendrier des revues de conception, dont la première se tiendra "
        "au printemps prochain au Centre spatial de Toulouse.",
        0,
    ),
    ("heading", "Trois axes de coopération", 2),
    ("paragraph", "Le texte s’articule autour de trois axes :", 0),
    ("list_item", "le développement de l’atterrisseur lunaire Argonaut ;", 0),
    ("list_item", "la fourniture d’instruments scientifiques ;", 0),
    ("list_item", "la formation des astronautes européens.", 0),
    (
        "quote",
        "« Cet accord place la France au cœur de l’aventure lunaire européenne et donne "
        "à nos équipes une visibilité inédite sur dix ans », a déclaré Philippe Baptiste.",
        0,
    ),
    ("heading", "À propos du CNES", 2),
    (
        "about",
        "Le Centre national d’études spatiales (CNES) est l’établissement public chargé de "
        "proposer au Gouvernement la politique spatiale de la France et de la mettre en "
        "œuvre. Il compte 2 400 salariés répartis sur quatre centres.",
        0,
    ),
    ("heading", "Contacts presse", 2),
    ("contact", "Pascale Bresson – 01 44 76 75 39 – pascale.bresson@cnes.fr", 0),
    ("contact", "Raphaël Sart – 01 44 76 74 51 – raphael.sart@cnes.fr", 0),
]

_MAIRIE: list[Gold] = [
    ("heading", "La Ville de Lyon ouvre trois nouvelles bibliothèques de quartier", 1),
    ("dateline", "Lyon, le 2 septembre 2024", 0),
    (
        "paragraph",
        "À partir du lundi 9 septembre, les habitants des 7e, 8e et 9e arrondissements "
        "disposeront de trois nouvelles bibliothèques de proximité. Ces équipements, "
        "financés par la Ville et la Métropole, proposeront des horaires élargis en soirée "
        "et le dimanche matin, une demande forte exprimée lors de la concertation de 2022.",
        0,
    ),
    ("heading", "Des services pour tous les publics", 2),
    ("paragraph", "Chaque bibliothèque offrira :", 0),
    ("list_item", "un espace jeunesse avec des heures du conte ;", 0),
    ("list_item", "un pôle numérique :", 0),
    ("list_item", "des ordinateurs en accès libre ;", 1),
    ("list_item", "des ateliers d’initiation pour les seniors ;", 1),
    ("list_item", "une salle de travail ouverte aux étudiants.", 0),
    (
        "quote",
        "« Ces lieux sont pensés comme des maisons communes, ouvertes à chacun, quel que "
        "soit son âge ou son quartier », souligne l’adjointe à la culture.",
        0,
    ),
    (
        "paragraph",
        "Le coût total des travaux s’élève à 6,4 millions d’euros, dont 1,2 million "
        "apporté par l’État au titre du plan de relance. Les inaugurations auront lieu le "
        "samedi 7 septembre en présence des maires d’arrondissement.",
        0,
    ),
    ("heading", "Contact presse", 2),
    (
        "contact",
        "Service de presse de la Ville de Lyon – 04 72 10 30 30 – presse@mairie-lyon.fr",
        0,
    ),
]

_MUSEE: list[Gold] = [
    ("heading", "Le musée des Augustins rouvre ses salles romanes", 1),
    (
        "dateline",
        "Toulouse, 3 mars 2021 –",
        0,
    ),
    (
        "paragraph",
        "Après quatre ans de restauration, le musée des Augustins rouvre au public ses "
        "salles consacrées à la sculpture romane. Les chapiteaux de Saint-Sernin et de la "
        "Daurade retrouvent leur éclat grâce à un chantier mené par une équipe de douze "
        "restaurateurs spécialisés.",
        0,
    ),
    (
        "paragraph",
        "Le parcours, entièrement repensé, s’appuie sur des dispositifs de médiation "
        "numérique qui permettent d’observer les reliefs sous tous leurs angles. Une "
        "application gratuite, disponible sur https://www.augustins.org/visite-romane, "
        "accompagne la visite en français, en anglais et en occitan.",
        0,
    ),
    ("heading", "Informations pratiques", 2),
    ("table_cell", "Horaires", 0),
    ("table_cell", "10 h – 18 h", 0),
    ("table_cell", "Tarif plein", 0),
    ("table_cell", "8 euros", 0),
    ("table_cell", "Tarif réduit", 0),
    ("table_cell", "5 euros", 0),
    (
        "quote",
        "« Ces chapiteaux comptent parmi les plus beaux ensembles romans d’Europe, et le "
        "public pourra enfin les voir à hauteur d’yeux », explique la directrice du musée.",
        0,
    ),
    ("heading", "À propos du musée des Augustins", 2),
    (
        "about",
        "Installé dans un ancien couvent du XIVe siècle, le musée des Augustins est le "
        "musée des beaux-arts de Toulouse. Il conserve une collection de sculptures "
        "romanes unique au monde.",
        0,
    ),
    ("heading", "Contact presse", 2),
    ("contact", "Claire Martin – 05 61 22 21 82 – claire.martin@mairie-toulouse.fr", 0),
]

_INDUSTRIE: list[Gold] = [
    ("heading", "Safran relève ses objectifs annuels après un premier semestre record", 1),
    ("dateline", "Paris, le 26 juillet 2023", 0),
    (
        "paragraph",
        "Le groupe a publié ce mercredi un chiffre d’affaires semestriel de 10,6 milliards "
        "d’euros, en hausse de 25,5 % par rapport à la même période de l’an dernier. La "
        "reprise du trafic aérien et la montée en cadence du moteur LEAP expliquent "
        "l’essentiel de cette progression.",
        0,
    ),
    (
        "paragraph",
        "Le résultat opérationnel courant atteint 1,4 milliard d’euros, soit une marge de "
        "13,6 %. Le flux de trésorerie disponible s’établit à 1,5 milliard d’euros, "
        "soutenu par les acomptes des compagnies aériennes.",
        0,
    ),
    ("heading", "Perspectives pour l’année", 2),
    ("paragraph", "Pour l’ensemble de l’exercice, le groupe prévoit désormais :", 0),
    ("list_item", "une croissance du chiffre d’affaires proche de 20 % ;", 0),
    ("list_item", "un résultat opérationnel courant d’environ 3 milliards d’euros ;", 0),
    ("list_item", "un flux de trésorerie disponible supérieur à 2,8 milliards d’euros.", 0),
    (
        "quote",
        "« Nos équipes ont su accompagner la reprise malgré les tensions persistantes sur "
        "la chaîne d’approvisionnement », a commenté le directeur général.",
        0,
    ),
    ("heading", "À propos de Safran", 2),
    (
        "about",
        "Safran est un groupe international de haute technologie opérant dans les domaines "
        "de la propulsion et des équipements aéronautiques, de l’espace et de la défense.",
        0,
    ),
    ("heading", "Contacts", 2),
    ("contact", "Presse : Catherine Malek – 01 40 60 80 28 – catherine.malek@safrangroup.com", 0),
    ("contact", "Investisseurs : Cécilia Matissart – 01 40 60 82 46", 0),
]

_UNIVERSITE: list[Gold] = [
    (
        "heading",
        "Des chercheurs grenoblois observent pour la première fois un cristal de temps",
        1,
    ),
    (
        "lead",
        "Publiée dans la revue Nature, l’expérience ouvre la voie à de nouvelles mémoires "
        "quantiques.",
        0,
    ),
    ("dateline", "Grenoble, le 14 février 2022", 0),
    (
        "paragraph",
        "Une équipe de l’Institut Néel, laboratoire du CNRS et de l’Université Grenoble "
        "Alpes, a mis en évidence un état de la matière dont la structure se répète dans "
        "le temps et non dans l’espace. Prédit en 2012 par le prix Nobel Frank Wilczek, "
        "ce « cristal de temps » n’avait jamais été observé dans un système aussi stable.",
        0,
    ),
    (
        "paragraph",
        "Les physiciens ont refroidi un gaz d’hélium 3 à quelques millièmes de degré "
        "au-dessus du zéro absolu, puis l’ont soumis à des impulsions magnétiques "
        "régulières. Le système a conservé son rythme propre pendant plus de dix minutes, "
        "une durée record pour ce type d’expérience.",
        0,
    ),
    (
        "quote",
        "« Nous avons obtenu un oscillateur qui ne perd pas sa cadence, ce qui intéresse "
        "directement les futurs ordinateurs quantiques », précise la responsable de l’équipe.",
        0,
    ),
    (
        "paragraph",
        "L’article complet est disponible en accès libre sur le site de la revue. Les "
        "données brutes ont été déposées dans l’entrepôt Recherche Data Gouv.",
        0,
    ),
    ("heading", "À propos de l’Université Grenoble Alpes", 2),
    (
        "about",
        "L’Université Grenoble Alpes rassemble 60 000 étudiants et 80 laboratoires. Elle "
        "figure parmi les 150 premières universités mondiales du classement de Shanghai.",
        0,
    ),
    ("heading", "Contact presse", 2),
    ("contact", "Muriel Jakobiak – 04 57 42 21 42 – muriel.jakobiak@univ-grenoble-alpes.fr", 0),
]

_SPORT: list[Gold] = [
    ("heading", "La Fédération française d’aviron dévoile son équipe olympique", 1),
    ("dateline", "le vendredi 17 mai 2024 à Nantes", 0),
    (
        "paragraph",
        "La Fédération française d’aviron a présenté ce vendredi les vingt-deux rameurs "
        "sélectionnés pour les Jeux olympiques de Paris. Les équipages s’entraîneront "
        "jusqu’à la mi-juillet sur le bassin de Vaires-sur-Marne, où se dérouleront les "
        "épreuves du 27 juillet au 3 août.",
        0,
    ),
    ("heading", "Les équipages engagés", 2),
    ("list_item", "deux de couple hommes et femmes ;", 0),
    ("list_item", "quatre de couple hommes ;", 0),
    ("list_item", "huit hommes, qualifié lors de la régate de Lucerne.", 0),
    (
        "quote",
        "« Cette équipe mêle l’expérience de Tokyo et une génération très prometteuse, "
        "nous visons trois médailles », a affirmé le directeur technique national.",
        0,
    ),
    (
        "paragraph",
        "Les entraînements seront ouverts au public les samedis de juin. Les inscriptions "
        "se font auprès de la ligue régionale, dans la limite des places disponibles.",
        0,
    ),
    ("heading", "Contact presse", 2),
    ("contact", "Julien Morel – 06 12 34 56 78 – j.morel@ffaviron.fr", 0),
]

RELEASES: dict[str, list[Gold]] = {
    "cnes-esa-lune": _CNES,
    "lyon-bibliotheques": _MAIRIE,
    "augustins-roman": _MUSEE,
    "safran-semestre": _INDUSTRIE,
    "uga-cristal-temps": _UNIVERSITE,
    "ffa-equipe-olympique": _SPORT,
}
