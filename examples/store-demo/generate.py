#!/usr/bin/env python3
"""Generates a synthetic online-store event log and its product catalogue (no real people, no real shop).

Usage: generate.py [--customers N] [--days D] [--seed S] [--out DIR]
Writes DIR/events.csv in the store export shape
(platform, utc_event_time, utc_event_date, user_id, event_type, ecom.price100, ecom.qty, ecom.nm)
and DIR/catalogue.csv (id, name, category, price).

Each customer favours one or two categories; items come in "goes with" pairs (a teapot and its tea), so
co-purchase models have a real signal; sessions run view -> cart -> purchase with falling probability.
"""
import argparse, csv, datetime, os, random

CATEGORIES = {
    "Tea": ["Green tea", "Earl Grey", "Chamomile", "Rooibos", "Jasmine tea", "Matcha", "Chai", "Peppermint tea", "Oolong", "Sencha"],
    "Coffee": ["Espresso beans", "Filter coffee", "Decaf", "Colombia single origin", "Ethiopia single origin", "Cold brew", "Moka blend", "Instant coffee", "Kenya AA", "House blend"],
    "Kitchen": ["Teapot", "French press", "Milk frother", "Grinder", "Kettle", "Tea strainer", "Mug set", "Pour-over cone", "Travel mug", "Scale"],
    "Snacks": ["Shortbread", "Almond biscotti", "Dark chocolate", "Ginger cookies", "Oat bars", "Honey", "Macarons", "Fruit cake", "Pretzels", "Cantucci"],
    "Gifts": ["Tea gift box", "Coffee sampler", "Advent calendar", "Gift card", "Tasting set", "Hamper", "Tea diary", "Candle", "Tote bag", "Coaster set"],
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=400)
    ap.add_argument("--days", type=int, default=90)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--variants", type=int, default=1, help="products per name (sizes, flavours): 50 x variants items")
    ap.add_argument("--out", default=os.path.dirname(os.path.abspath(__file__)))
    a = ap.parse_args()
    rnd = random.Random(a.seed)
    items = []
    for category, names in CATEGORIES.items():
        for name in names:
            for v in range(a.variants):
                label = name if a.variants == 1 else f"{name} no. {v + 1}"
                items.append({"id": str(1000 + len(items)), "name": label, "category": category, "price100": rnd.randrange(199, 4999, 10)})
    by_category = {c: [i for i in items if i["category"] == c] for c in CATEGORIES}
    # Each item "goes with" one item of another category: bought together more often than chance.
    companion = {i["id"]: rnd.choice([j for j in items if j["category"] != i["category"]]) for i in items}
    popularity = [1.0 / (1 + r) ** 0.7 for r in range(len(items))]
    rnd.shuffle(popularity)
    weight = {i["id"]: p for i, p in zip(items, popularity)}
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "catalogue.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "category", "price"])
        for i in items:
            w.writerow([i["id"], i["name"], i["category"], f"{i['price100'] / 100:.2f}"])
    start = datetime.datetime(2026, 8, 1)
    with open(os.path.join(a.out, "events.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["platform", "utc_event_time", "utc_event_date", "user_id", "event_type", "ecom.price100", "ecom.qty", "ecom.nm"])
        for c in range(a.customers):
            user = f"C{c + 1:06d}"
            favourites = rnd.sample(list(CATEGORIES), rnd.choice([1, 1, 2]))
            platform = rnd.choice(["web", "web", "ios", "android"])
            for _ in range(1 + int(rnd.expovariate(1 / 4))):
                t = start + datetime.timedelta(seconds=rnd.randrange(a.days * 86400))
                pool = by_category[rnd.choice(favourites)] if rnd.random() < 0.8 else items
                item = rnd.choices(pool, [weight[i["id"]] for i in pool])[0]
                for _ in range(rnd.randint(1, 4)):
                    session = [item]
                    if rnd.random() < 0.35:
                        session.append(companion[item["id"]])
                    for it in session:
                        write(w, platform, t, user, "view", it)
                        if rnd.random() < 0.35:
                            t += datetime.timedelta(seconds=rnd.randrange(20, 600))
                            write(w, platform, t, user, "cart", it)
                            if rnd.random() < 0.6:
                                t += datetime.timedelta(seconds=rnd.randrange(60, 1800))
                                write(w, platform, t, user, "purchase", it)
                        t += datetime.timedelta(seconds=rnd.randrange(10, 300))
                    item = rnd.choices(pool, [weight[i["id"]] for i in pool])[0]


def write(w, platform, t, user, event, item):
    w.writerow([platform, t.strftime("%Y-%m-%d %H:%M:%S"), t.strftime("%Y-%m-%d"), user, event, item["price100"], 1, item["id"]])


if __name__ == "__main__":
    main()
