"""PfP meetings: agendas presenting practices and calls, documents, registrations."""
