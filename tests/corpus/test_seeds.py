"""The transcripts in seeds/ are the received files, byte for byte, and the catalog covers them."""
import hashlib

from helpers import config
from helpers.corpus import read_catalog

EXPECTED_SHA256 = {
    "000_1784a1a7a08be58e.txt": "a9aba3a7554d1f17d4684761d7ccdd8ec28ef23667a8afb739158290a971654d",
    "001_b219ddfb84c489c3.txt": "fa7e82b865b1856a2c45517670df88204405a85572107acba354877f96cf251a",
    "002_8377b08365b59c23.txt": "77843c77bf3d9f9d5c36454773fee63e3bc0bc597b2ad742d8bd641b0c15a438",
}


def test_seed_transcripts_are_verbatim():
    for name, digest in EXPECTED_SHA256.items():
        data = (config.SEEDS_DIR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name


def test_catalog_lists_every_seed_with_its_facts():
    events, principals = read_catalog(config.SEEDS_DIR / config.CATALOG_NAME)
    assert sorted(events["file"]) == sorted(EXPECTED_SHA256)
    assert list(events["event_id"]) == ["2019-12-10-washington", "2019-05-14-sochi", "2016-10-29-beijing"]
    kinds = dict(zip(events["event_id"], events["kind"]))
    assert kinds == {"2019-12-10-washington": "captions", "2019-05-14-sochi": "official",
                     "2016-10-29-beijing": "official"}
    lavrov = principals[principals["surname"] == "Lavrov"].iloc[0]
    assert lavrov["interpreted"] and lavrov["side"] == "Russia"
    assert set(principals.loc[principals["event_id"] == "2016-10-29-beijing", "surname"]) == {"Blinken", "Shear"}
