"""The decision aids as pages (htmx step flow, going back, crafted URLs) and as JSON."""

from __future__ import annotations

from html import unescape

from tests.helpers import links, page, texts

BASE = "/wijzers/persoonlijk-belang"
DONE = "orgaan=raad&besluit=gewoon&belang=eigen&specifiek=ja"


def page_text(client, url: str, **headers) -> str:
    response = client.get(url, headers=headers)
    assert response.status_code == 200, (url, response.status_code)
    return unescape(response.text)


def test_index_links_the_three_aids(client):
    text = page_text(client, "/wijzers")
    for key in ("persoonlijk-belang", "geheimhouding", "ontheffing"):
        assert f'href="/wijzers/{key}"' in text


def test_first_step_asks_the_body_with_a_fieldset(client):
    text = page_text(client, BASE)
    assert "<legend><strong>In welk orgaan wordt het besluit genomen?</strong></legend>" in text
    assert 'name="orgaan" value="raad"' in text and "Uitkomst" not in text


def test_each_answer_leads_to_the_next_question_and_the_advice(client):
    assert "Waarover gaat het besluit?" in page_text(client, f"{BASE}?orgaan=raad")
    assert "Welk belang hebt u" in page_text(client, f"{BASE}?orgaan=raad&besluit=gewoon")
    text = page_text(client, f"{BASE}?{DONE}")
    assert "Uitkomst: Neem niet deel aan beraadslaging en stemming" in text
    assert 'href="/wet/gemeentewet-28"' in text
    assert "Juridische basis gecontroleerd op 30-11-2026" in text


def test_htmx_gets_only_the_flow_fragment(client):
    text = page_text(client, f"{BASE}?orgaan=raad", **{"HX-Request": "true"})
    assert text.lstrip().startswith("{#") is False
    assert '<div id="wijzer-flow">' in text and "<html" not in text


def test_going_back_shows_the_question_with_the_answer_kept(client):
    text = page_text(client, f"{BASE}?{DONE}&wijzig=belang")
    assert 'name="belang" value="eigen" required checked' in text
    assert '<input type="hidden" name="orgaan" value="raad">' in text
    assert "Uitkomst" not in text


def test_changing_an_answer_recomputes_and_drops_answers_that_no_longer_apply(client):
    text = page_text(client, f"{BASE}?orgaan=raad&besluit=gewoon&belang=geen&specifiek=ja")
    assert "Uitkomst: U kunt deelnemen" in text
    assert "Raakt het besluit dat belang specifiek" not in text  # no longer asked nor shown


def test_crafted_url_that_skips_a_step_asks_it_and_says_what_is_missing(client):
    text = page_text(client, f"{BASE}?besluit=gewoon&belang=eigen")
    assert "In welk orgaan wordt het besluit genomen?" in text
    assert "Nog te beantwoorden na deze vraag" in text and "Uitkomst" not in text


def test_unknown_value_is_explained_not_guessed(client):
    text = page_text(client, f"{BASE}?orgaan=gemeenteraad")
    assert "Het antwoord 'gemeenteraad' bij 'In welk orgaan" in text
    assert 'name="orgaan" value="raad"' in text


def test_contradictory_answers_are_named(client):
    text = page_text(client, f"{BASE}?orgaan=college&besluit=toelating")
    assert "Deze antwoorden passen niet bij elkaar" in text and "Uitkomst" not in text


def test_printable_record(client):
    text = page_text(client, f"{BASE}?{DONE}&afdrukken=1")
    assert "Vastlegging: Persoonlijk-belangwijzer" in text and "Besproken met" in text


def test_secrecy_draft_decision_and_what_changed(client):
    url = "/wijzers/geheimhouding?doel=opleggen&orgaan=college&onderwerp=stukken"
    text = page_text(client, f"{url}&grond=concurrentiegevoelige-gegevens&ontvanger=hele-raad")
    assert "Besluit tot oplegging van geheimhouding" in text
    assert "art. 5.1 lid 2 onder f Woo" in text
    assert "Wat is er veranderd op 1 april 2023?" in text


def test_exemption_policy_framework(client):
    text = page_text(client, "/wijzers/ontheffing/beleidskader")
    assert "Modelbeleidskader" in text and "Toetsingskader" in text


def test_similar_cases_come_from_the_collection(client):
    text = page_text(client, f"{BASE}?{DONE}")
    assert 'href="/casussen/persoonlijk-belang/stemming-over-eigen-perceel"' in text


# --- JSON API -------------------------------------------------------------------------------


def test_api_gives_the_advice(client):
    response = client.post(
        "/api/v1/wijzers/persoonlijk-belang",
        json={"orgaan": "raad", "besluit": "gewoon", "belang": "eigen", "specifiek": "ja"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["uitkomst"] == "niet-deelnemen"
    assert "gemeentewet-28" in body["artikelen"] and body["ontbreekt"] == []
    assert body["vergelijkbare_casussen"] == ["stemming-over-eigen-perceel"]
    assert all(reason for reason in body["redenen"]) and body["vervolg"]


def test_api_missing_answer_gives_ontbreekt_and_no_uitkomst(client):
    response = client.post("/api/v1/wijzers/geheimhouding", json={"doel": "opleggen"})
    assert response.status_code == 200
    body = response.json()
    assert "uitkomst" not in body and body["ontbreekt"] == ["orgaan", "onderwerp"]


def test_api_contradiction_gives_ontbreekt(client):
    response = client.post(
        "/api/v1/wijzers/persoonlijk-belang", json={"orgaan": "college", "besluit": "toelating"}
    )
    body = response.json()
    assert response.status_code == 200 and "uitkomst" not in body
    assert body["ontbreekt"] == ["orgaan", "besluit"]


def test_api_unknown_field_gives_dutch_422(client):
    response = client.post("/api/v1/wijzers/ontheffing", json={"soort": "huur"})
    assert response.status_code == 422
    assert response.json()["detail"] == "Het veld 'soort' kennen we niet; laat het weg."


def test_api_unknown_value_gives_dutch_422(client):
    response = client.post("/api/v1/wijzers/ontheffing", json={"overeenkomst": "koop"})
    assert response.status_code == 422
    assert (
        "Het veld 'overeenkomst' heeft een onbekende waarde. Kies uit:"
        in (response.json()["detail"])
    )


def test_api_is_documented_with_its_422(client):
    document = client.get("/api/openapi.json").json()
    operation = document["paths"]["/api/v1/wijzers/geheimhouding"]["post"]
    assert "422" in operation["responses"]
    assert "requestBody" in operation


def test_case_page_links_to_the_aid_prefilled(client):
    case = client.get("/casussen/persoonlijk-belang/stemming-over-eigen-perceel")
    assert case.status_code == 200
    assert "Wat zou de wijzer zeggen?" in unescape(case.text)
    assert "/wijzers/persoonlijk-belang?orgaan=raad&besluit=gewoon&belang=eigen" in links(
        page(case)
    )
    secrecy = page_text(client, "/casussen/geheimhouding/grondexploitatie-besloten")
    assert "/wijzers/geheimhouding?doel=opleggen&orgaan=college" in secrecy


def test_start_page_links_to_the_aids(client):
    text = page_text(client, "/")
    assert 'href="/wijzers/persoonlijk-belang"' in text and 'href="/wijzers/ontheffing"' in text


def test_api_body_that_is_not_json_gives_dutch_422(client):
    response = client.post(
        "/api/v1/wijzers/geheimhouding",
        content=b"\xff\x12 geen json",
        headers={"Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["detail"].startswith("De inhoud is geen geldige JSON")


def test_builder_knowledge_block_links_to_its_aid(client):
    query = "publiek=raad&datum=2030-03-15&begintijd=19:30&duur=90&groepsgrootte=25"
    agenda = page(client.get(f"/sessies/agenda?{query}&kennisblok=persoonlijk-belang"))
    assert "Oefen met de wijzer" in texts(agenda, "a[href='/wijzers/persoonlijk-belang']")


def test_page_and_api_give_the_same_outcome(client):
    from tests.aids.test_rules import EXEMPTION, INTEREST, SECRECY

    for key, table in (
        ("persoonlijk-belang", INTEREST),
        ("geheimhouding", SECRECY),
        ("ontheffing", EXEMPTION),
    ):
        for answers, expected, _, _ in table[:6]:
            body = client.post(f"/api/v1/wijzers/{key}", json=answers).json()
            assert body["uitkomst"] == expected, (key, answers)
