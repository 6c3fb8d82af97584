"""The hub: trusting centres and importing their bundles, through the command line."""

import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from tests.network.helpers import END, START, hand_bundle, write
from warp.cli import main
from warp.network import keys
from warp.network.models import NetworkBundle, TrustedCentre

pytestmark = pytest.mark.django_db


@pytest.fixture
def north():
    return Ed25519PrivateKey.generate()


def _trust(code: str, key: Ed25519PrivateKey, capsys) -> None:
    assert (
        main(["network", "trust", "--centre", code, "--public-key", keys.public_key_text(key.public_key())])
        == 0
    )
    capsys.readouterr()


def _import(path: str, capsys) -> tuple[int, str]:
    code = main(["network", "import", path])
    return code, capsys.readouterr().out


def test_a_trusted_centres_bundle_is_imported(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    code, out = _import(write(tmp_path / "b.json", hand_bundle(north, code="NORTH", registered=40)), capsys)
    assert code == 0 and "Imported NORTH" in out
    bundle = NetworkBundle.objects.get()
    assert (bundle.centre.code, bundle.start, bundle.end) == ("NORTH", START, END)
    assert bundle.document["figures"]["students"]["registered"] == 40


def test_a_bundle_from_a_centre_the_hub_does_not_trust_is_refused(north, tmp_path, capsys):
    code, out = _import(write(tmp_path / "b.json", hand_bundle(north, code="NORTH")), capsys)
    assert code == 2 and "does not trust a centre with the code 'NORTH'" in out
    assert not NetworkBundle.objects.exists()


def _tampered(document: dict, change) -> dict:
    changed = json.loads(json.dumps(document))
    change(changed)
    return changed


def _set(path: list[str], value):
    def change(document):
        target = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return change


@pytest.mark.parametrize(
    "change, says",
    [
        (_set(["figures", "students", "registered"], 45), "does not match its signature"),
        (_set(["period", "end"], "2026-07-31"), "does not match its signature"),
        (_set(["rates"], []), "does not match its signature"),
    ],
    ids=["a changed figure", "a changed period", "removed rates"],
)
def test_a_bundle_changed_after_signing_is_refused(north, tmp_path, capsys, change, says):
    _trust("NORTH", north, capsys)
    document = _tampered(hand_bundle(north, code="NORTH", registered=40), change)
    code, out = _import(write(tmp_path / "b.json", document), capsys)
    assert code == 2 and says in out and "not imported" in out
    assert not NetworkBundle.objects.exists()


def test_a_bundle_with_its_centre_code_swapped_is_refused(north, tmp_path, capsys):
    south = Ed25519PrivateKey.generate()
    _trust("NORTH", north, capsys)
    _trust("SOUTH", south, capsys)
    document = _tampered(hand_bundle(north, code="NORTH"), _set(["centre", "code"], "SOUTH"))
    code, out = _import(write(tmp_path / "b.json", document), capsys)
    assert code == 2 and "not signed with the key this hub trusts for SOUTH" in out
    assert not NetworkBundle.objects.exists()


def test_a_bundle_signed_by_another_key_is_refused(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    impostor = Ed25519PrivateKey.generate()
    code, out = _import(write(tmp_path / "b.json", hand_bundle(impostor, code="NORTH")), capsys)
    assert code == 2 and "not signed with the key this hub trusts for NORTH" in out
    assert not NetworkBundle.objects.exists()


def test_a_bundle_claiming_the_trusted_key_but_signed_by_another_is_refused(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    impostor = Ed25519PrivateKey.generate()
    document = hand_bundle(impostor, code="NORTH")
    document["public_key"] = keys.public_key_text(north.public_key())  # claims the trusted key
    code, out = _import(write(tmp_path / "b.json", document), capsys)
    assert code == 2 and "does not match its signature" in out


@pytest.mark.parametrize(
    "document, says",
    [
        ({"format": "someone-elses-format"}, "not a WaRP network bundle"),
        ({"format": "warp-network-bundle", "format_version": 99}, "format version 99"),
        ([1, 2, 3], "not a WaRP network bundle"),
    ],
    ids=["another format", "an unknown version", "not an object"],
)
def test_a_format_the_hub_does_not_know_is_refused(tmp_path, capsys, document, says):
    path = tmp_path / "b.json"
    path.write_text(json.dumps(document))
    code, out = _import(str(path), capsys)
    assert code == 2 and says in out


def test_a_file_that_is_not_json_is_refused(tmp_path, capsys):
    path = tmp_path / "b.json"
    path.write_text("figures, please")
    code, out = _import(str(path), capsys)
    assert code == 2 and "not a readable JSON bundle" in out


def test_importing_the_same_file_twice_changes_nothing(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    path = write(tmp_path / "b.json", hand_bundle(north, code="NORTH", registered=40))
    assert _import(path, capsys)[0] == 0
    before = NetworkBundle.objects.values().get()
    code, out = _import(path, capsys)
    assert code == 0 and "Nothing changed" in out
    assert NetworkBundle.objects.values().get() == before


def test_a_new_bundle_for_the_same_centre_and_period_replaces_the_old(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    _import(write(tmp_path / "a.json", hand_bundle(north, code="NORTH", registered=40)), capsys)
    code, out = _import(write(tmp_path / "b.json", hand_bundle(north, code="NORTH", registered=55)), capsys)
    assert code == 0 and "Replaced" in out
    assert NetworkBundle.objects.get().document["figures"]["students"]["registered"] == 55
    # Another period is another bundle.
    _import(write(tmp_path / "c.json", hand_bundle(north, code="NORTH", end=END.replace(day=29))), capsys)
    assert NetworkBundle.objects.count() == 2


def test_a_replaced_key_refuses_the_old_keys_bundles_and_takes_the_new(north, tmp_path, capsys):
    _trust("NORTH", north, capsys)
    renewed = Ed25519PrivateKey.generate()
    _trust("NORTH", renewed, capsys)
    assert TrustedCentre.objects.get().public_key == keys.public_key_text(renewed.public_key())
    assert _import(write(tmp_path / "old.json", hand_bundle(north, code="NORTH")), capsys)[0] == 2
    assert _import(write(tmp_path / "new.json", hand_bundle(renewed, code="NORTH")), capsys)[0] == 0


def test_a_withdrawn_centre_is_refused_and_leaves_the_report(north, tmp_path, capsys):
    from warp.network.pooling import network_report

    _trust("NORTH", north, capsys)
    _import(write(tmp_path / "a.json", hand_bundle(north, code="NORTH", registered=40)), capsys)
    assert main(["network", "trust", "--centre", "NORTH", "--withdraw"]) == 0
    assert "no longer trusts NORTH" in capsys.readouterr().out
    code, out = _import(write(tmp_path / "b.json", hand_bundle(north, code="NORTH", registered=45)), capsys)
    assert code == 2 and "withdrew its trust in NORTH" in out
    assert network_report(start=START, end=END).centres == 0
    _trust("NORTH", north, capsys)  # trusted again
    assert network_report(start=START, end=END).centres == 1


def test_trust_refuses_a_key_that_is_not_one(capsys):
    assert main(["network", "trust", "--centre", "NORTH", "--public-key", "not-a-key"]) == 2
    assert "not a public key" in capsys.readouterr().out
    assert not TrustedCentre.objects.exists()
