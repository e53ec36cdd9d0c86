#!/usr/bin/python3
"""Checks the Woo-index files of a published site (docs/publish.md).

  check_woo_sitemaps.py SITE_DIR BASE_URL

The DiWoo XSD cannot be downloaded here, so the elements the standard
(Woo-metadata 0.9.8) requires are checked one by one: robots.txt names the
sitemap index of the category "agenda's en besluitenlijsten bestuurscolleges"
(infocat009, TOOI c_3a248e3a); every index and sitemap is well-formed XML in
the sitemaps.org namespace; every <loc> is a file of the site; per document a
lastmod and diwoo:Document/diwoo:DiWoo with publisher (TOOI resource),
titelcollectie/officieleTitel, classificatiecollectie/informatiecategorieen/
informatiecategorie, creatiedatum, format and documenthandelingen/
documenthandeling (soortHandeling, atTime). Every meeting page is listed once.
Prints "OK: N documents" or the problems, one a line, and exits 1.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DIWOO = "{https://standaarden.overheid.nl/diwoo/metadata/}"
KERN = "https://identifier.overheid.nl/tooi/def/thes/kern/"
CATEGORY = KERN + "c_3a248e3a"
INDEX = "sitemapindex-diwoo-infocat009.xml"


def main(site, base):
    problems = []
    base = base.rstrip("/") + "/"

    def local(url, where):
        if not url.startswith(base):
            problems.append(f"{where}: {url} is not under {base}")
            return None
        path = os.path.join(site, url[len(base):])
        if not os.path.isfile(path):
            problems.append(f"{where}: {url} is not a file of the site")
            return None
        return path

    def parse(path):
        try:
            return ET.parse(path).getroot()
        except ET.ParseError as error:
            problems.append(f"{path}: not well-formed: {error}")
            return None

    robots = open(os.path.join(site, "robots.txt"), encoding="utf-8").read()
    sitemaps = [line.split(":", 1)[1].strip() for line in robots.splitlines()
                if line.lower().startswith("sitemap:")]
    if sitemaps != [base + INDEX]:
        problems.append(f"robots.txt names {sitemaps}, expected [{base + INDEX}]")
    documents = []
    for index_url in sitemaps:
        index_path = local(index_url, "robots.txt")
        index = parse(index_path) if index_path else None
        if index is None:
            continue
        if index.tag != SITEMAP + "sitemapindex":
            problems.append(f"{INDEX}: root is {index.tag}")
        for entry in index.findall(SITEMAP + "sitemap"):
            loc = entry.findtext(SITEMAP + "loc", "").strip()
            sitemap_path = local(loc, INDEX)
            urlset = parse(sitemap_path) if sitemap_path else None
            if urlset is None:
                continue
            if urlset.tag != SITEMAP + "urlset":
                problems.append(f"{loc}: root is {urlset.tag}")
            for url in urlset.findall(SITEMAP + "url"):
                documents.append(check_document(url, local, problems))
    pages = sorted("vergadering/" + name for name in os.listdir(os.path.join(site, "vergadering")))
    listed = sorted(d for d in documents if d)
    if listed != pages:
        problems.append(f"the sitemaps list {listed}, the site's besluitenlijsten are {pages}")
    if problems:
        print("\n".join(problems))
        return 1
    print(f"OK: {len(documents)} documents")
    return 0


def check_document(url, local, problems):
    loc = url.findtext(SITEMAP + "loc", "").strip()
    where = loc or "a <url> without <loc>"
    path = local(loc, "sitemap")
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})",
                        url.findtext(SITEMAP + "lastmod", "")):
        problems.append(f"{where}: lastmod missing or not a W3C date-time")
    diwoo = url.find(f"{DIWOO}Document/{DIWOO}DiWoo")
    if diwoo is None:
        problems.append(f"{where}: no diwoo:Document/diwoo:DiWoo")
        return None

    def need(path, resource_prefix=None, text=True, value=None):
        element = diwoo.find(path.replace("diwoo:", DIWOO))
        if element is None:
            problems.append(f"{where}: {path} missing")
            return None
        if text and not (element.text or "").strip():
            problems.append(f"{where}: {path} is empty")
        if resource_prefix is not None and not element.get("resource", "").startswith(resource_prefix):
            problems.append(f"{where}: {path} has resource {element.get('resource')!r}")
        if value is not None and element.get("resource") != value:
            problems.append(f"{where}: {path} is {element.get('resource')!r}, expected {value}")
        return element

    need("diwoo:publisher", "https://identifier.overheid.nl/tooi/id/")
    need("diwoo:titelcollectie/diwoo:officieleTitel")
    need("diwoo:classificatiecollectie/diwoo:informatiecategorieen/diwoo:informatiecategorie",
         value=CATEGORY)
    created = need("diwoo:creatiedatum")
    if created is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", created.text or ""):
        problems.append(f"{where}: creatiedatum {created.text!r} is not a date")
    need("diwoo:format", "http://publications.europa.eu/resource/authority/file-type/")
    need("diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:soortHandeling", KERN)
    at = need("diwoo:documenthandelingen/diwoo:documenthandeling/diwoo:atTime")
    if at is not None and not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}", at.text or ""):
        problems.append(f"{where}: atTime {at.text!r} is not a date-time")
    if path is None:
        return None
    return loc.split("/")[-2] + "/" + loc.split("/")[-1]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
