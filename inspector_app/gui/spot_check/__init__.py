"""The spot-check editor: sampling form, signatures, photos, sealing, results, deadlines, certificate, history."""
