"""The OpenAPI description of the area thread endpoint, served at /api/openapi.json."""

_KPI = {
    "type": "object",
    "required": ["id", "code", "title", "contract", "target", "unit", "latest"],
    "properties": {
        "id": {"type": "integer"},
        "code": {"type": "string"},
        "title": {"type": "string"},
        "contract": {"type": "string", "description": "The contract's reference."},
        "target": {"type": "string", "description": "A decimal number, as text."},
        "unit": {"type": "string"},
        "latest": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["period", "value", "status"],
                    "properties": {
                        "period": {"type": "string", "format": "date"},
                        "value": {"type": "string"},
                        "status": {"type": "string", "enum": ["green", "amber", "red"]},
                    },
                },
            ]
        },
        "silent_for_two_periods": {"type": "boolean"},
    },
}

STOPS = ["requirement", "question", "award", "kpi", "silent", "pending", ""]

SCHEMA = {
    "openapi": "3.1.0",
    "info": {
        "title": "withus: the golden thread",
        "version": "1.0.0",
        "description": (
            "Each priority people set, followed through to the requirements, tender "
            "questions, contract KPIs and monitoring results it led to, and where its "
            "thread stops short. Built from links made when the work happened."
        ),
        "license": {"name": "AGPL-3.0-or-later", "identifier": "AGPL-3.0-or-later"},
    },
    "paths": {
        "/areas/{slug}/thread.json": {
            "get": {
                "operationId": "areaThread",
                "summary": "The whole thread of a local area",
                "parameters": [
                    {
                        "name": "slug",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "description": "The area's short name, like northvale.",
                    }
                ],
                "responses": {
                    "200": {
                        "description": "The area's thread",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thread"}}
                        },
                    },
                    "404": {"description": "No such area"},
                },
            }
        }
    },
    "components": {
        "schemas": {
            "Kpi": _KPI,
            "Thread": {
                "type": "object",
                "required": ["area", "area_name", "generated_at", "priorities"],
                "properties": {
                    "area": {"type": "string"},
                    "area_name": {"type": "string"},
                    "generated_at": {"type": "string", "format": "date-time"},
                    "priorities": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": [
                                "id",
                                "title",
                                "status",
                                "statements",
                                "votes",
                                "url",
                                "stops_at",
                                "stop_words",
                                "requirements",
                                "kpis",
                            ],
                            "properties": {
                                "id": {"type": "integer"},
                                "title": {"type": "string"},
                                "status": {"type": "string"},
                                "status_reason": {"type": "string"},
                                "statements": {"type": "integer", "minimum": 0},
                                "votes": {"type": "integer", "minimum": 0},
                                "url": {"type": "string"},
                                "stops_at": {"type": "string", "enum": STOPS},
                                "stop_words": {"type": "string"},
                                "requirements": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["id", "number", "text", "questions", "kpis"],
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "number": {"type": "integer"},
                                            "text": {"type": "string"},
                                            "specification": {"type": "string"},
                                            "stops_at": {"type": "string", "enum": STOPS},
                                            "questions": {
                                                "type": "array",
                                                "items": {
                                                    "type": "object",
                                                    "required": [
                                                        "id",
                                                        "tender",
                                                        "number",
                                                        "set_by",
                                                    ],
                                                    "properties": {
                                                        "id": {"type": "integer"},
                                                        "tender": {"type": "string"},
                                                        "number": {"type": "integer"},
                                                        "text": {"type": "string"},
                                                        "set_by": {
                                                            "type": "string",
                                                            "enum": ["commissioner", "panel"],
                                                        },
                                                        "weight": {"type": "string"},
                                                        "awarded": {"type": "boolean"},
                                                        "winning_score": {
                                                            "type": ["integer", "null"]
                                                        },
                                                        "kpis": {
                                                            "type": "array",
                                                            "items": {
                                                                "$ref": "#/components/schemas/Kpi"
                                                            },
                                                        },
                                                    },
                                                },
                                            },
                                            "kpis": {
                                                "type": "array",
                                                "items": {"$ref": "#/components/schemas/Kpi"},
                                            },
                                        },
                                    },
                                },
                                "kpis": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Kpi"},
                                },
                            },
                        },
                    },
                },
            },
        }
    },
}
