"""Locust users for the load benchmark (``bench/load.py`` starts it; see bench/README.md).

Each simulated user takes one prepared plan from the JSON file named by ``BENCH_LOAD_PLAN``:
a signed-in, second-factor-verified session made in the database before the run (no log-in
path is added to Haven), a CSRF cookie for the API's POSTs, and the cases, names and entities
that person would look at. Practitioners work their team's cases; strategic leads read the
dashboard; analysts look at networks. Practitioners also record another name for a child
now and then, so possible matches are looked up while people change. Think time is 2 to 8
seconds between requests."""

import itertools
import json
import os
import random

from locust import HttpUser, between, task

with open(os.environ["BENCH_LOAD_PLAN"]) as plan_file:
    PLANS = json.load(plan_file)
_turns = {role: itertools.cycle(plans) for role, plans in PLANS["users"].items()}

CODES = [
    ["ind.found_at_adult_address", "ind.sexual_activity_with_adults"],
    ["ind.cannabis_farm_or_drug_running", "ind.transport_arranged_by_adult"],
    ["ind.missing_episodes"],
    ["act.recruitment", "purpose.labour_exploitation", "ind.isolated_no_english"],
]


class HavenUser(HttpUser):
    abstract = True
    wait_time = between(2, 8)
    role = ""

    def on_start(self):
        self.plan = next(_turns[self.role])
        self.client.cookies.set(PLANS["session_cookie"], self.plan["session"])
        self.client.cookies.set(PLANS["csrf_cookie"], self.plan["csrf"])
        self.client.headers.update({"X-CSRFToken": self.plan["csrf"], "Referer": self.host})

    def get(self, url, name):
        with self.client.get(url, name=name, catch_response=True, allow_redirects=False) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}")

    def post(self, url, body, name):
        with self.client.post(
            url, json=body, name=name, catch_response=True, allow_redirects=False
        ) as r:
            if r.status_code != 200:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(3)
    def start_page(self):
        self.get("/", "start page")


class Practitioner(HavenUser):
    weight = 42
    role = "practitioner"

    @task(2)
    def task_list(self):
        self.get("/tasks/", "team task list")

    @task(2)
    def case_list(self):
        self.get("/cases/", "case list")

    @task(3)
    def case_page(self):
        case = random.choice(self.plan["cases"])
        self.get(f"/cases/{case}/", "case page")
        self.get(f"/cases/{case}/chronology/", "case chronology")

    @task(2)
    def person_search(self):
        person = random.choice(self.plan["people"])
        self.get(f"/api/v1/people/search/?q={person['name']}", "person search (API)")

    @task(2)
    def possible_matches(self):
        person = random.choice(self.plan["people"])
        given, _, family = person["name"].partition(" ")
        body = {"given_name": given, "family_name": family, "date_of_birth": person["dob"]}
        self.post("/api/v1/people/possible-matches/", body, "possible matches (API)")

    @task(1)
    def add_name(self):
        """Another name recorded for a child: their matching keys are rebuilt while others
        look possible matches up (issue 16 point 3: lookups while people change)."""
        person = random.choice(self.plan["people"])
        given, _, family = person["name"].partition(" ")
        body = {"given_name": given[::-1].title(), "family_name": family, "note": "street name"}
        with self.client.post(
            f"/people/{person['id']}/names/new/",
            data=body,
            name="add a name (page)",
            catch_response=True,
            allow_redirects=False,
        ) as r:
            if r.status_code != 302:
                r.failure(f"{r.status_code}: {r.text[:200]}")

    @task(2)
    def screening(self):
        body = {"age_years": random.randrange(10, 18), "codes": random.choice(CODES)}
        self.post("/api/v1/screening/assess", body, "screening (API)")


class StrategicLead(HavenUser):
    weight = 4
    role = "strategic_lead"

    @task(3)
    def dashboard(self):
        self.get(f"/dashboard/?area={self.plan['area']}", "dashboard")


class Analyst(HavenUser):
    weight = 4
    role = "analyst"

    @task(3)
    def network(self):
        entity = random.choice(self.plan["entities"])
        self.get(f"/intelligence/network/?root=entity:{entity}&hops=2", "network (2 hops)")
