FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DEBUG=False
RUN apt-get update && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core fonts-liberation curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# The locked install (requirements/lock.txt, `make lock`): exact versions, every file hash-checked.
COPY pyproject.toml ./
COPY requirements/ requirements/
RUN pip install --no-cache-dir --require-hashes -r requirements/lock.txt \
    && pip install --no-cache-dir --no-deps -e .
COPY . .
RUN SECRET_KEY=build-only python manage.py collectstatic --noinput
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py", "config.wsgi:application"]
