FROM python:3.11-slim
# The web app prints its PDF exports with the system's Chromium (web/pdf.py).
RUN apt-get update && apt-get install -y --no-install-recommends chromium && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY queries queries
COPY rules rules
COPY api api
COPY cli cli
COPY web web
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["thbgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
