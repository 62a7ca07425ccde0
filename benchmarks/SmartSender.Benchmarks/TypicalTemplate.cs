using SmartSender.Core.Domains;
using SmartSender.Core.Templates;

/// <summary>An order confirmation as shops send them: about 2 KB of HTML, ten variables, one loop.</summary>
internal static class TypicalTemplate
{
    /// <summary>The values the template reads: customer (3), order (5 and the items), shipping (4), support_email, shop_name.</summary>
    public const int LeafVariables = 15;

    public static readonly TemplateContent Content = new(
        "Your order {{ order.number }} is confirmed, {{ customer.first_name }}",
        """
        <html><head><style>
        body { font-family: Helvetica, Arial, sans-serif; color: #222; }
        .box { border: 1px solid #ddd; padding: 16px; border-radius: 6px; }
        .total { font-weight: bold; font-size: 18px; }
        a.button { background: #3949ab; color: #fff; padding: 10px 16px; text-decoration: none; border-radius: 4px; }
        </style></head><body>
        <p>Hello {{ customer.first_name }} {{ customer.last_name }},</p>
        <p>Thank you for your order <strong>{{ order.number }}</strong>, placed on {{ order.date }}. We will ship it to:</p>
        <div class="box"><p>{{ shipping.street }}<br>{{ shipping.postcode }} {{ shipping.city }}<br>{{ shipping.country }}</p></div>
        <table width="100%" cellpadding="4">
        <tr><th align="left">Item</th><th align="right">Qty</th><th align="right">Price</th></tr>
        {% for item in order.items %}<tr><td>{{ item.name }}</td><td align="right">{{ item.qty }}</td><td align="right">{{ item.price }}</td></tr>{% endfor %}
        </table>
        <p class="total">Total: {{ order.total }} {{ order.currency }}</p>
        <p>You can follow your parcel at any time:</p>
        <p><a class="button" href="https://shop.example/orders/{{ order.number }}?utm_source=email">Track my order</a></p>
        <p>Questions? Reply to this message or write to {{ support_email }}; we answer within one working day.</p>
        <p>Kind regards,<br>The team at {{ shop_name }}</p>
        <p style="font-size:12px;color:#777">You receive this message because you ordered at {{ shop_name }}. This is a transactional message about your order;
        it is not advertising. Our address: Example Street 1, 12345 Example City.</p>
        <p style="font-size:12px;color:#777">Order reference {{ order.number }} · Customer {{ customer.id }}</p>
        <p style="font-size:12px;color:#777">Returns are free within 30 days: pack the items in their original box, print the label from your
        order page and drop the parcel at any post office. Refunds reach your account within five working days of our receiving them.</p>
        </body></html>
        """,
        null);

    public const string Variables = """
        {
          "customer": { "id": 88213, "first_name": "Ann", "last_name": "Example" },
          "order": { "number": "A-1042", "date": "2026-11-28", "total": "54.90", "currency": "EUR",
                     "items": [ { "name": "Green tea", "qty": 2, "price": "12.90" }, { "name": "Mug", "qty": 1, "price": "29.10" } ] },
          "shipping": { "street": "Example Street 5", "postcode": "12345", "city": "Example City", "country": "Germany" },
          "support_email": "help@shop.example",
          "shop_name": "Example Shop"
        }
        """;

    public static SendingDomain Domain()
    {
        var keys = new DkimKeyFactory(new PlainText(), TimeProvider.System);
        return SendingDomain.Create(Guid.Empty, "bench.test", "token", [keys.Create("ss1", DkimAlgorithm.Rsa2048, DkimKeyState.Active)], DateTime.UtcNow);
    }
}
