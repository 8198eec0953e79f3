FROM python:3.11-slim
# The web app prints its PDF exports with the system's Chromium (web/pdf.py); pyicu (under
# followthemoney, for matching and FtM) builds from source against ICU.
RUN apt-get update && apt-get install -y --no-install-recommends chromium pkg-config g++ libicu-dev \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph graph
COPY ingest ingest
COPY queries queries
COPY resolve resolve
COPY rules rules
COPY service service
COPY api api
COPY server server
COPY cli cli
COPY web web
COPY analyst analyst
RUN pip install --no-cache-dir .
EXPOSE 8000
CMD ["thbgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
