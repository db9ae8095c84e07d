# shared_utils is not in this package: it comes from the layer, at /opt/python, which Lambda
# puts on sys.path (as well as /opt/python/lib/python3.x/site-packages).
import shared_utils


def lambda_handler(event, context):
    total = shared_utils.order_total(event.get("items", []))
    return {
        "total": f"{total:.2f}",
        "formatted": shared_utils.format_money(total, "USD"),
        "loaded_from": shared_utils.__file__,
    }
