"""One module per workflow definition; each defines ARBEIDSFLYT. The engine loads them all."""
