"""Why a manifest's sequencing or a navigation request is refused, in Hungarian (shown as is).

The engine has no Django in it, so the texts are plain strings here; the codes follow the SCORM 2004
Sequencing and Navigation book (NB.2.1-x, SB.2.x-y, ...) where it names the exception.
"""

from __future__ import annotations

MANIFEST_MESSAGES = {
    "missing_collection": "A(z) „{item}” elem sorrendezése a(z) „{ref}” közös szabálykészletre hivatkozik, amely nincs a manifest <sequencingCollection> részében.",
    "bad_token": "A(z) „{item}” elem sorrendezési szabályában ismeretlen érték szerepel: {what} = „{value}”.",
    "bad_number": "A(z) „{item}” elem sorrendezésében a(z) {what} értéke („{value}”) nem érvényes szám.",
    "bad_range": "A(z) „{item}” elem sorrendezésében a(z) {what} értéke („{value}”) kívül esik a megengedett tartományon ({low}–{high}).",
    "missing_objective": "A(z) „{item}” elem szabálya a(z) „{objective}” célra hivatkozik, de az elemnek nincs ilyen nevű célja (<imsss:objective>).",
    "duplicate_objective": "A(z) „{item}” elemnek két célja is „{objective}” azonosítójú; a célok azonosítójának egyedinek kell lennie.",
    "duplicate_write": "A(z) „{item}” elem több célja is ugyanabba a globális célba („{target}”) írna; így az eredmény nem egyértelmű.",
    "bad_xml": "A(z) „{item}” elem sorrendezési adatai nem értelmezhetők: {detail}",
}

NAVIGATION_MESSAGES = {
    "NB.2.1-1": "A tananyag már elindult; az indítás most nem kérhető.",
    "NB.2.1-2": "Nincs felfüggesztett tananyag, amelyet folytatni lehetne.",
    "NB.2.1-3": "Nincs folyamatban lévő tananyagrész.",
    "NB.2.1-4": "Ebben a részben a „Tovább” és a „Vissza” gomb nem használható; a tartalomjegyzékből válasszon.",
    "NB.2.1-5": "Ebben a részben csak előre lehet haladni.",
    "NB.2.1-6": "Ebből a részből nem lehet visszalépni.",
    "NB.2.1-7": "Ismeretlen navigációs kérés.",
    "NB.2.1-8": "A választott tananyagrész nem része ennek a tananyagnak.",
    "NB.2.1-10": "A választott rész csak a jelenlegi rész befejezése után nyitható meg.",
    "NB.2.1-11": "A jelenlegi részből nem lehet kilépni másik rész választásával; előbb fejezze be.",
    "NB.2.1-12": "A jelenlegi rész már befejeződött.",
    "SB.2.1-2": "Ebben a részben csak előre lehet haladni.",
    "SB.2.1-3": "Ez a tananyag eleje; nincs előző rész.",
    "SB.2.2-1": "Ebben a részben a „Tovább” és a „Vissza” gomb nem használható; a tartalomjegyzékből válasszon.",
    "SB.2.2-2": "A következő rész még nem érhető el: előbb teljesítse az előző részeket.",
    "SB.2.4-1": "Ebben a részben nem lehet visszalépni.",
    "SB.2.4-2": "Ebben a részben csak előre lehet haladni.",
    "SB.2.4-3": "Ebben a részben csak előre lehet haladni.",
    "SB.2.7-1": "Nincs folyamatban lévő tananyagrész.",
    "SB.2.7-2": "Ebben a részben a „Tovább” gomb nem használható; a tartalomjegyzékből válasszon.",
    "SB.2.8-1": "Nincs folyamatban lévő tananyagrész.",
    "SB.2.8-2": "Ebben a részben a „Vissza” gomb nem használható; a tartalomjegyzékből válasszon.",
    "SB.2.9-1": "A választott tananyagrész nem része ennek a tananyagnak.",
    "SB.2.9-2": "A választott tananyagrész nem érhető el ebben a kísérletben.",
    "SB.2.9-3": "A választott tananyagrész rejtett; a tartalomjegyzékből nem választható.",
    "SB.2.9-4": "Ebben a részben a tartalomjegyzékből nem lehet választani; a „Tovább” gombbal haladjon.",
    "SB.2.9-5": "Ebben a részben nem lehet előre ugrani.",
    "SB.2.9-6": "Ebben a részben csak előre lehet haladni, vissza nem lehet ugrani.",
    "SB.2.9-7": "A választott rész nem nyitható meg: nincs benne elérhető tananyag.",
    "SB.2.9-8": "A jelenlegi részből nem lehet kilépni másik rész választásával; előbb fejezze be.",
    "SB.2.9-9": "A választott rész nem nyitható meg: nincs benne elérhető tananyag.",
    "SB.2.10-1": "Nincs folyamatban lévő tananyagrész, amely újrakezdhető.",
    "SB.2.10-2": "A jelenlegi rész még folyamatban van; előbb fejezze be.",
    "SB.2.10-3": "Az újrakezdéshez nincs elérhető tananyagrész.",
    "SB.2.11-1": "Nincs folyamatban lévő tananyagrész.",
    "SB.2.11-2": "A jelenlegi rész még folyamatban van.",
    "SB.2.5-1": "A tananyag már elindult; az indítás most nem kérhető.",
    "SB.2.6-1": "A tananyag már elindult; a folytatás most nem kérhető.",
    "SB.2.6-2": "Nincs felfüggesztett tananyag, amelyet folytatni lehetne.",
    "SB.2.12-1": "Ismeretlen sorrendezési kérés.",
    "DB.1.1-1": "A választott elem nem indítható tananyag, hanem fejezet.",
    "DB.1.1-2": "A választott rész még nem érhető el.",
    "DB.1.1-3": "A választott rész nem nyitható meg: letiltották, vagy elfogytak a próbálkozások.",
    "TB.2.3-1": "Nincs folyamatban lévő tananyagrész.",
    "TB.2.3-2": "A jelenlegi rész már befejeződött.",
    "TB.2.3-4": "A jelenlegi rész nem függeszthető fel.",
    "END": "A tananyag végére ért.",
    "NOTHING": "Nincs megnyitható tananyagrész.",
}


class ManifestSequencingError(Exception):
    """The manifest's sequencing cannot be used; ``message`` says why in Hungarian."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        self.message = MANIFEST_MESSAGES[code].format(**params)
        super().__init__(self.message)


class SequencingException(Exception):
    """A navigation or sequencing request the rules forbid; the state is left as the spec says."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.message = NAVIGATION_MESSAGES.get(code, NAVIGATION_MESSAGES["NOTHING"])
        super().__init__(f"{code}: {self.message}")
