"""Live sessions: join codes, the session's state machine, anonymous answers, broadcasting
(Server-Sent Events) and the report afterwards."""
