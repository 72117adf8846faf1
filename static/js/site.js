// Balai Warga: the little JavaScript the site needs on top of htmx. Every page works without it.
