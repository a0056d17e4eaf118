"""French messages of the report, the charts and the CLI summaries (English -> French).

Vocabulary of the French programmes: DPE, Cep (consommation d'énergie
primaire), « passoire thermique », bailleur social, propriétaire occupant,
reste à charge, VAN (valeur actuelle nette), cité minière, coron.
"""

FR: dict[str, str] = {
    # ---------------------------------------------------------------- chart labels
    "energy [kWh/month]": "énergie [kWh/mois]",
    "temperature [°C]": "température [°C]",
    "{peak} kW peak, {hours} h of heating": "pointe {peak} kW, {hours} h de chauffage",
    "hours of the year, largest load first [h]": "heures de l'année, de la plus chargée à la moins chargée [h]",
    "heating power [kW]": "puissance de chauffage [kW]",
    "heat-loss coefficient [W/K]": "coefficient de déperdition [W/K]",
    "DPE class": "classe DPE",
    "houses": "logements",
    "net cost after subsidies per house [k€]": "reste à charge par logement, aides déduites [k€]",
    "bill savings [€/yr]": "économies sur facture [€/an]",
    "cumulative CO₂ saved [tCO₂e/yr]": "CO₂ évité cumulé [tCO₂e/an]",
    "abatement cost [€/tCO₂e]": "coût d'abattement [€/tCO₂e]",
    "year": "année",
    "works cost incl. VAT [M€]": "coût des travaux TTC [M€]",
    "cumulative cash [M€]": "trésorerie cumulée [M€]",
    "indoor air": "air intérieur",
    "outdoor air": "air extérieur",
    "operative": "opérative",
    "walls": "murs",
    "windows": "fenêtres",
    "doors": "portes",
    "roof": "toiture",
    "ceiling to attic": "plancher haut sous combles",
    "floor": "plancher bas",
    "party walls": "murs mitoyens",
    "thermal bridges": "ponts thermiques",
    "air (ventilation and infiltration)": "air (ventilation et infiltrations)",
    "owners' net cost": "reste à charge des propriétaires",
    "grants": "aides",
    "houses done": "logements traités",
    "houses done (right axis)": "logements traités (axe de droite)",
    "heat transfer": "déperditions",
    "utilised gains": "apports utilisés",
    "heating need": "besoin de chauffage",
    "{years}-yr payback": "retour en {years} ans",
    "yearly budget": "budget annuel",
    "public funder": "financeur public",
    "occupants ({owner})": "occupants ({owner})",
    "before (grey)": "avant (gris)",
    "after (class colour)": "après (couleur de la classe)",
    "before": "avant",
    "after": "après",
    # ---------------------------------------------------------------- owners, groups
    "owner-occupiers": "propriétaires occupants",
    "social landlord": "bailleur social",
    "private landlords": "bailleurs privés",
    "owner type": "type de propriétaire",
    "package": "bouquet",
    "class": "classe",
    "archetype": "archétype",
    "cite": "cité",
    "street": "rue",
    "no works": "sans travaux",
    "works": "avec travaux",
    "total": "total",
    # ---------------------------------------------------------------- page
    "Retrofit programme report": "Rapport du programme de rénovation",
    "Generated on {date} by rehab {version} · {n} houses · {k} packages": (
        "Produit le {date} par rehab {version} · {n} logements · {k} bouquets"
    ),
    "rehab {version} — eco-renovation of old housing. This report is one self-contained file: "
    "it needs no network and no Python to be read or printed.": (
        "rehab {version} — rénovation écologique de l'habitat ancien. Ce rapport tient en un seul "
        "fichier : il se lit et s'imprime sans réseau et sans Python."
    ),
    "contents": "sommaire",
    "Contents": "Sommaire",
    "Summary": "Synthèse",
    "Packages compared": "Bouquets comparés",
    "DPE classes before and after": "Classes DPE avant et après",
    "Cost and savings per house": "Coût et économies par logement",
    "CO₂ abatement cost": "Coût d'abattement du CO₂",
    "Phasing and cash flow": "Phasage et trésorerie",
    "Uncertainty": "Incertitude",
    "By owner type": "Par type de propriétaire",
    "By street and cité": "Par rue et par cité",
    "By archetype": "Par archétype",
    "By cité": "Par cité",
    "By street": "Par rue",
    "Assumptions and data sources": "Hypothèses et sources des données",
    # ---------------------------------------------------------------- summary
    "packages compared": "bouquets comparés",
    "houses with works": "logements avec travaux",
    "houses in class {target} or better (before → after)": (
        "logements en classe {target} ou mieux (avant → après)"
    ),
    "works cost incl. VAT": "coût des travaux TTC",
    "works and fees incl. VAT": "travaux et honoraires TTC",
    "subsidies": "aides",
    "net cost": "reste à charge",
    "bill savings per year": "économies sur facture par an",
    "{energy} saved per year": "{energy} économisée par an",
    "final energy": "énergie finale",
    "primary energy": "énergie primaire",
    "energy": "énergie",
    "CO₂ saved per year": "CO₂ évité par an",
    "net present value": "valeur actuelle nette",
    " from <code>{file}</code>": " issus de <code>{file}</code>",
    "{n} houses{source}, {k} retrofit packages compared ({names}). "
    "For each house the programme takes {rule}{phased}; "
    "houses where no package reaches the target keep no works in these totals.": (
        "{n} logements{source}, {k} bouquets de travaux comparés ({names}). "
        "Pour chaque logement, le programme retient {rule}{phased} ; "
        "les logements qu'aucun bouquet ne mène à l'objectif restent sans travaux dans ces totaux."
    ),
    " and phases the works under the plan below": " et phase les travaux selon le plan ci-dessous",
    "the cheapest package (net of subsidies) reaching DPE class {target} or better": (
        "le bouquet au plus faible reste à charge (aides déduites) atteignant la classe DPE "
        "{target} ou mieux"
    ),
    "the package with the highest net present value": (
        "le bouquet à la plus forte valeur actuelle nette"
    ),
    "the package with the lowest CO₂ emissions": "le bouquet aux plus faibles émissions de CO₂",
    "DPE classes before:": "Classes DPE avant :",
    "after:": "après :",
    "{n} cell(s) of the stock file were refused; their houses are not in this report "
    "(first: {first}).": (
        "{n} cellule(s) du fichier de parc ont été refusées ; leurs logements ne figurent pas "
        "dans ce rapport (première : {first})."
    ),
    "Chosen package per owner type": "Bouquet retenu par type de propriétaire",
    # ---------------------------------------------------------------- packages
    "houses allowed": "logements autorisés",
    "Cep before": "Cep avant",
    "Cep after": "Cep après",
    "classes after": "classes après",
    "in A–C after": "en A–C après",
    "cost incl. VAT": "coût TTC",
    "of which fees": "dont honoraires",
    "cost incl. VAT (works and fees)": "coût TTC (travaux et honoraires)",
    "of which fees (accompaniment, project management)": "dont honoraires (accompagnement, maîtrise d'œuvre)",
    "MWh saved /yr": "MWh économisés /an",
    "tCO₂ saved /yr": "tCO₂ évitées /an",
    "NPV": "VAN",
    "Every package applied to every house where it is allowed (heritage façades and local rules can "
    "forbid one). Cep: mean primary energy of those houses [kWhEP/(m²·yr)]; energy saved: "
    "{energy} [MWh/yr]; sums of costs and savings over those houses.": (
        "Chaque bouquet appliqué à chaque logement où il est autorisé (façades patrimoniales et "
        "règles locales peuvent l'interdire). Cep : énergie primaire moyenne de ces logements "
        "[kWhEP/(m²·an)] ; énergie économisée : {energy} [MWh/an] ; coûts et économies additionnés "
        "sur ces logements."
    ),
    # ---------------------------------------------------------------- charts
    "Bar chart: houses per DPE class before and after the programme": (
        "Diagramme en barres : logements par classe DPE avant et après le programme"
    ),
    "Scatter: net cost against yearly bill savings, one point per house": (
        "Nuage de points : reste à charge et économies annuelles sur facture, un point par logement"
    ),
    "Marginal abatement-cost curve: cost per tonne of CO2 against cumulative tonnes saved": (
        "Courbe des coûts marginaux d'abattement : coût par tonne de CO2 selon les tonnes évitées "
        "cumulées"
    ),
    "Houses per DPE class as they are (grey) and after their chosen package "
    "(3CL-DPE 2021 conventions; an estimate, not a certified DPE).": (
        "Logements par classe DPE en l'état (gris) et après leur bouquet retenu "
        "(conventions 3CL-DPE 2021 ; une estimation, pas un DPE certifié)."
    ),
    "Each point is one house with works: its net cost after subsidies and its "
    "yearly bill savings; dashed lines mark simple paybacks of 10, 20 and 30 years.": (
        "Chaque point est un logement avec travaux : son reste à charge après aides et ses "
        "économies annuelles sur facture ; les tirets marquent des temps de retour simples de "
        "10, 20 et 30 ans."
    ),
    "Marginal abatement-cost curve: each bar is one house, its width the CO₂ it saves per "
    "year, its height the cost per tonne over the analysis horizon (negative: the works pay for "
    "themselves). {free} t/yr of the {total} t/yr saved cost nothing net.": (
        "Courbe des coûts marginaux d'abattement : chaque barre est un logement, sa largeur le CO₂ "
        "qu'il évite par an, sa hauteur le coût par tonne sur l'horizon d'analyse (négatif : les "
        "travaux se remboursent d'eux-mêmes). {free} t/an sur les {total} t/an évitées ne coûtent "
        "rien en net."
    ),
    # ---------------------------------------------------------------- phasing
    "No phasing plan was computed for this report (give a yearly budget to get one).": (
        "Aucun plan de phasage n'a été calculé pour ce rapport (donnez un budget annuel pour en "
        "obtenir un)."
    ),
    "The plan carries no yearly table.": "Le plan ne comporte pas de tableau annuel.",
    "Phasing: works cost per year split into owners' net cost and grants, with the budget": (
        "Phasage : coût des travaux par an, réparti entre reste à charge des propriétaires et "
        "aides, avec le budget"
    ),
    "the owners' net cost (after grants)": "le reste à charge des propriétaires (après aides)",
    "the gross works cost": "le coût brut des travaux",
    "the grants": "les aides",
    "the budget basis": "l'assiette du budget",
    "{done} houses are done from {first} to {last}; the budget limits {basis}. "
    "Rented houses facing a rental ban (G from 2025, F from 2028, E from 2034) go first.": (
        "{done} logements sont traités de {first} à {last} ; le budget plafonne {basis}. "
        "Les logements loués menacés d'interdiction de location (G dès 2025, F dès 2028, E dès "
        "2034) passent en premier."
    ),
    "Works cost per year (bars: owners' net cost and grants), yearly budget "
    "(dashed) and houses done (line).": (
        "Coût des travaux par an (barres : reste à charge des propriétaires et aides), budget "
        "annuel (tirets) et logements traités (courbe)."
    ),
    "budget": "budget",
    "spent": "dépensé",
    "left": "reste",
    "rental-ban deadlines met": "échéances d'interdiction de location tenues",
    "CO₂ saved so far [t/yr]": "CO₂ évité à date [t/an]",
    "Checks:": "Contrôles :",
    "capacity": "capacité",
    "deadlines": "échéances",
    "Cash flows per payer": "Flux de trésorerie par payeur",
    "Cumulative cash flow per payer: owners, occupants and the public funder": (
        "Trésorerie cumulée par payeur : propriétaires, occupants et financeur public"
    ),
    "Cumulative cash of each party (constant euros): owners pay their net cost "
    "in the year of the works, occupants gain the bill savings from the next year, the public "
    "funder pays the grants.": (
        "Trésorerie cumulée de chaque partie (euros constants) : les propriétaires paient leur "
        "reste à charge l'année des travaux, les occupants gagnent les économies sur facture dès "
        "l'année suivante, le financeur public verse les aides."
    ),
    "Rental-ban deadlines not met ({n})": "Échéances d'interdiction de location non tenues ({n})",
    "Every rental-ban deadline of the chosen houses is met.": (
        "Toutes les échéances d'interdiction de location des logements retenus sont tenues."
    ),
    "Not done within the horizon ({n})": "Non traités dans l'horizon du plan ({n})",
    # ---------------------------------------------------------------- uncertainty
    "No Monte Carlo analysis was run for this report.": (
        "Aucune analyse de Monte-Carlo n'a été menée pour ce rapport."
    ),
    "The uncertainty result carries no P10/P50/P90 table.": (
        "Le résultat d'incertitude ne comporte pas de tableau P10/P50/P90."
    ),
    "Uncertainty: P10 to P90 band, median and deterministic value of each programme total": (
        "Incertitude : intervalle P10–P90, médiane et valeur déterministe de chaque total du "
        "programme"
    ),
    "{n} Monte Carlo samples (seed {seed}) of occupant behaviour (set-point, heated share), "
    "airtightness, material conductivities, energy-price escalation and works costs, on the "
    "chosen package of each house with works; the monthly engine of ISO 13790 recomputes the "
    "heating need of each sample. Each sample's programme total is taken first, then its "
    "percentiles.": (
        "{n} tirages de Monte-Carlo (graine {seed}) du comportement des occupants (consigne, part "
        "chauffée), de l'étanchéité à l'air, des conductivités des matériaux, de l'évolution des "
        "prix de l'énergie et des coûts des travaux, sur le bouquet retenu de chaque logement avec "
        "travaux ; le moteur mensuel de l'ISO 13790 recalcule le besoin de chauffage de chaque "
        "tirage. Le total du programme est pris pour chaque tirage, puis ses percentiles."
    ),
    "P10–P90 band (blue), median (dot) and the deterministic run (red tick) of each "
    "programme total.": (
        "Intervalle P10–P90 (bleu), médiane (point) et calcul déterministe (trait rouge) de chaque "
        "total du programme."
    ),
    "programme total": "total du programme",
    "unit": "unité",
    "deterministic": "déterministe",
    "deterministic run": "calcul déterministe",
    "P50 (median)": "P50 (médiane)",
    "Uncertain inputs": "Données incertaines",
    "heating need saved": "besoin de chauffage évité",
    "final energy saved": "énergie finale économisée",
    "bill savings": "économies sur facture",
    "CO₂ saved": "CO₂ évité",
    # ---------------------------------------------------------------- groups, sources
    "Cep [kWhEP/m²·yr]": "Cep [kWhEP/m²·an]",
    "typical class": "classe typique",
    "in {target} or better": "en {target} ou mieux",
    "bill savings /yr": "économies /an",
    "Settings of this run": "Paramètres de ce calcul",
    "choice": "choix",
    "rehab version": "version de rehab",
    "plan years": "années du plan",
    "plan method": "méthode du plan",
    "plan objective": "objectif du plan",
    "plan budget basis": "assiette du budget du plan",
    "capacity [houses/yr]": "capacité [logements/an]",
    "no limit": "sans limite",
    "varies by year (see the phasing table)": "varie selon l'année (voir le tableau de phasage)",
    "Energy labels follow the 3CL-DPE 2021 conventions and are estimates, not certified DPE. "
    "Costs are in euros of the cost data's year, including VAT; subsidies follow the rules in "
    "force at the evaluation date; the net present value counts bill savings over the horizon at "
    "a real discount rate. Every default number of rehab carries its source in the data files "
    "listed below.": (
        "Les étiquettes énergie suivent les conventions 3CL-DPE 2021 et sont des estimations, pas "
        "des DPE certifiés. Les coûts sont en euros TTC de l'année des données de coûts ; les aides "
        "suivent les règles en vigueur à la date d'évaluation ; la valeur actuelle nette compte les "
        "économies sur facture sur l'horizon à un taux d'actualisation réel. Chaque valeur par "
        "défaut de rehab porte sa source dans les fichiers de données listés ci-dessous."
    ),
    "Data files": "Fichiers de données",
    "topic": "thème",
    "file": "fichier",
    "title": "titre",
    "date": "date",
    "source": "source",
    # ---------------------------------------------------------------- command line
    "Loos-en-Gohelle demonstration neighbourhood: retrofit programme": (
        "Quartier de démonstration de Loos-en-Gohelle : programme de rénovation"
    ),
    "allowed": "autorisés",
    "cost k€": "coût k€",
    "subsidies k€": "aides k€",
    "net cost k€": "reste à charge k€",
    "CO2 saved t/yr": "CO2 évité t/an",
    "NPV k€": "VAN k€",
    "Packages compared on {n} houses (Cep in kWhEP/m²/yr, means over the houses allowed; sums of "
    "money and CO2):": (
        "Bouquets comparés sur {n} logements (Cep en kWhEP/m²/an, moyennes sur les logements "
        "autorisés ; sommes des montants et du CO2) :"
    ),
    "Chosen package per owner type ({rule}):": "Bouquet retenu par type de propriétaire ({rule}) :",
    "Choice: {works} of {n} houses with works, {reach} reach the target; cost {cost} M€ incl. "
    "VAT, subsidies {aid} M€, net {net} M€; CO2 saved {co2} t/yr.": (
        "Choix : {works} logements sur {n} avec travaux, {reach} atteignent l'objectif ; coût "
        "{cost} M€ TTC, aides {aid} M€, reste à charge {net} M€ ; CO2 évité {co2} t/an."
    ),
    "Phasing under {budget} M€/yr: {n} houses{span}; rental-ban deadlines not met: {unmet}.": (
        "Phasage sous {budget} M€/an : {n} logements{span} ; échéances d'interdiction de "
        "location non tenues : {unmet}."
    ),
    " from {first} to {last}": " de {first} à {last}",
    "Report: {path}": "Rapport : {path}",
    "Tables: {folder} ({n} {format} file(s) of summary tables, the full programme table and "
    "settings.json)": (
        "Tableaux : {folder} ({n} fichier(s) {format} de synthèse, le tableau complet du programme "
        "et settings.json)"
    ),
    "Whole-life carbon": "Carbone sur le cycle de vie",
    "Whole-life carbon of the programme per package": "Carbone du programme sur le cycle de vie, par bouquet",
    "Bar chart: whole-life carbon of the programme per package": (
        "Diagramme en barres : carbone du programme sur le cycle de vie, par bouquet"
    ),
    "embodied, upfront (A1-A5)": "intrinsèque, initial (A1-A5)",
    "embodied, replacements + end of life + leakage": "intrinsèque, remplacements + fin de vie + fuites",
    "operational": "exploitation",
    "biogenic CO2 stored (not netted)": "CO2 biogénique stocké (non déduit)",
    "tCO2e over the horizon": "tCO2e sur l'horizon",
    "upfront (t)": "initial (t)",
    "embodied (t)": "intrinsèque (t)",
    "operational (t)": "exploitation (t)",
    "biogenic stored (t)": "biogénique stocké (t)",
    "Every house takes the package where it is allowed and stays as it is elsewhere: the carbon "
    "of making, replacing and disposing of the works (brown) and of using the houses over the "
    "analysis horizon (blue); carbon stored in bio-sourced materials is shown apart (green), "
    "not netted. Data and sources: rehab.carbon (docs/carbon.md).": (
        "Chaque logement reçoit le bouquet là où il est permis et reste en l'état ailleurs : le carbone "
        "de fabrication, de remplacement et de fin de vie des travaux (brun) et celui de l'usage des "
        "logements sur l'horizon d'analyse (bleu) ; le carbone stocké dans les matériaux biosourcés "
        "est montré à part (vert), non déduit. Données et sources : rehab.carbon (docs/carbon.md)."
    ),
    # ---------------------------------------------------------------- bills by use and by carrier
    "Energy bills by use and by energy": "Factures d'énergie par usage et par énergie",
    "Bar chart: energy bill per house by use, before and after": (
        "Diagramme en barres : facture d'énergie par logement et par usage, avant et après"
    ),
    "energy bill per house [€/yr]": "facture d'énergie par logement [€/an]",
    "First-year energy bills of the houses as they are (grey) and with the chosen packages (blue), "
    "per house, by use: the energy part of each carrier is shared among its uses in proportion of "
    "their kWh; subscriptions are shown apart, and the solar PV credit (self-consumed electricity "
    "and export sales) comes off the bill.": (
        "Factures d'énergie de la première année des logements en l'état (gris) et avec les bouquets "
        "retenus (bleu), par logement et par usage : la part consommation de chaque énergie est "
        "répartie entre ses usages au prorata de leurs kWh ; les abonnements sont montrés à part, et "
        "le crédit photovoltaïque (électricité autoconsommée et vente du surplus) vient en déduction."
    ),
    "By use": "Par usage",
    "By energy carrier": "Par énergie",
    "use": "usage",
    "energy carrier": "énergie",
    "before [€/yr]": "avant [€/an]",
    "after [€/yr]": "après [€/an]",
    "change [€/yr]": "écart [€/an]",
    "before, per house [€/yr]": "avant, par logement [€/an]",
    "after, per house [€/yr]": "après, par logement [€/an]",
    "heating": "chauffage",
    "hot water": "eau chaude sanitaire",
    "cooling": "refroidissement",
    "lighting": "éclairage",
    "auxiliaries and ventilation": "auxiliaires et ventilation",
    "subscriptions": "abonnements",
    "solar PV credit": "crédit photovoltaïque",
    "electricity": "électricité",
    "natural gas": "gaz naturel",
    "fuel oil": "fioul",
    "LPG": "GPL",
    "wood logs": "bois bûche",
    "wood pellets": "granulés de bois",
    "wood chips": "plaquettes forestières",
    "district heating": "réseau de chaleur",
    "coal": "charbon",
    # ---------------------------------------------------------------- rehab assess --lang fr
    "yes": "oui",
    "scenario": "scénario",
    "no": "non",
    "realistic": "réaliste",
    "conventional": "conventionnelle",
    "First-year energy bill by use [€/yr]:": "Facture d'énergie de la première année par usage [€/an] :",
    "{name}: not allowed — {why}": "{name} : non autorisé — {why}",
    "money: bills on {mode} consumption at the {date} tariffs, {scenario} price scenario; "
    "NPV over {horizon} yr at {rate} real": (
        "argent : factures sur la consommation {mode} aux tarifs du {date}, scénario de prix {scenario} ; "
        "VAN sur {horizon} ans à {rate} réel"
    ),
    "heating need [kWh/(m²·yr)]": "besoin de chauffage [kWh/(m²·an)]",
    "3CL heating need [kWh/yr]": "besoin de chauffage 3CL [kWh/an]",
    "Cep [kWhEP/(m²·yr)]": "Cep [kWhEP/(m²·an)]",
    "EGES [kgCO2e/(m²·yr)]": "EGES [kgCO2e/(m²·an)]",
    "BBC renovation 2024": "BBC rénovation 2024",
    "works cost incl. VAT [€]": "coût des travaux TTC [€]",
    "works and fees incl. VAT [€]": "coût des travaux et honoraires TTC [€]",
    "subsidies [€]": "aides [€]",
    "net cost [€]": "reste à charge [€]",
    "bill before [€/yr]": "facture avant [€/an]",
    "bill after [€/yr]": "facture après [€/an]",
    "net present value [€]": "valeur actuelle nette [€]",
    "discounted payback [yr]": "temps de retour actualisé [ans]",
    "hours above 28 °C [h/yr]": "heures au-dessus de 28 °C [h/an]",
    "moisture risk": "risque d'humidité",
}
