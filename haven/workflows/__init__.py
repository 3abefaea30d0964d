"""Journeys that span apps, one module each. A domain app never calls another domain app's
services; a workflow calls each in turn inside one transaction (decision 0012). A new module
(a missing return, an NRM decision, a hotspot) adds a workflow here, never an arrow between
domain apps."""
