#!/usr/bin/python3
"""Builds this messy folder from the UCI Online Retail sample (40,000 rows, CC BY 4.0), the way a shop's exports
arrive: monthly CSVs, one with a comment preamble and a header pasted again mid-file; returns as a Windows-1252
semicolon file with decimal commas, day-first dates and a "Total" row; and an Excel summary under a title block.

usage: /usr/bin/python3 build.py "PATH/TO/Online Retail.xlsx"   (needs Debian's python3-pandas and python3-openpyxl)
"""
import sys

import openpyxl
import pandas as pd

source = pd.read_excel(sys.argv[1], sheet_name=0)
source["InvoiceNo"] = source["InvoiceNo"].astype(str)
source["Description"] = source["Description"].astype("string")
source["month"] = source["InvoiceDate"].dt.strftime("%Y-%m")
sales = source[~source["InvoiceNo"].str.startswith("C")]
returns = source[source["InvoiceNo"].str.startswith("C")]
columns = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"]

# Three months of orders, 400 rows each, as the shop's CSV export writes them.
for i, month in enumerate(["2011-01", "2011-02", "2011-03"]):
    part = sales[sales["month"] == month].head(400)[columns].copy()
    part["InvoiceDate"] = part["InvoiceDate"].dt.strftime("%Y-%m-%d %H:%M")
    part["CustomerID"] = part["CustomerID"].astype("Int64")
    text = part.to_csv(index=False, lineterminator="\n")
    if i == 1:
        # Someone pasted two exports together: the header shows up again in the middle, and a note sits on top.
        lines = text.splitlines(keepends=True)
        text = "# exported from the shop admin, February 2011\n" + "".join(lines[:201]) + lines[0] + "".join(lines[201:])
    with open(f"orders_{month}.csv", "w", encoding="utf-8", newline="") as f:
        f.write(text)

# Returns (cancellations, December 2010 to December 2011) from the finance team: Windows-1252, semicolons, decimal commas, dd.MM.yyyy, and a total at the bottom.
part = returns.head(300)[columns].copy()
part["InvoiceDate"] = part["InvoiceDate"].dt.strftime("%d.%m.%Y")
part["CustomerID"] = part["CustomerID"].astype("Int64")
part = part.rename(columns={"UnitPrice": "UnitPrice £"})
text = part.to_csv(index=False, sep=";", decimal=",", lineterminator="\r\n")
total = (part["Quantity"] * part["UnitPrice £"]).sum()
text += f"Total;;;{int(part['Quantity'].sum())};;{total:.2f}".replace(".", ",") + ";;\r\n"
with open("returns.csv", "w", encoding="cp1252", newline="") as f:
    f.write(text)

# The manager's workbook: a title block above the table, a total row, and a second sheet with notes.
by_country = sales.assign(Revenue=sales["Quantity"] * sales["UnitPrice"]).groupby("Country").agg(
    Orders=("InvoiceNo", "nunique"), Items=("Quantity", "sum"), Revenue=("Revenue", "sum")).reset_index()
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "By country"
sheet.append(["Online Retail: revenue by country"])
sheet.append(["Period: 2010-12-01 to 2011-12-09 (sample)"])
sheet.append([])
sheet.append(["Country", "Orders", "Items", "Revenue"])
for row in by_country.itertuples(index=False):
    sheet.append([row.Country, int(row.Orders), int(row.Items), round(float(row.Revenue), 2)])
sheet.append(["Total", int(by_country["Orders"].sum()), int(by_country["Items"].sum()), round(float(by_country["Revenue"].sum()), 2)])
notes = book.create_sheet("Notes")
notes.append(["Note", "Author"])
notes.append(["Revenue excludes cancellations", "finance"])
notes.append(["EIRE means Ireland", "finance"])
book.save("summary.xlsx")
