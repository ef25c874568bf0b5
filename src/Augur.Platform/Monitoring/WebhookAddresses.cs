using System.Net;
using System.Net.Sockets;

namespace Augur.Platform.Monitoring;

/// <summary>
/// Where an alert webhook may post: public addresses only, unless <see cref="MonitoringOptions.AllowPrivateWebhooks"/>.
/// Checked on the address each connection actually goes to (after DNS), so a public name that resolves to an internal
/// address is refused too.
/// </summary>
public static class WebhookAddresses
{
    /// <summary>Whether <paramref name="address"/> is on this machine or a private, link-local or shared network.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            // Link-local fe80::/10, unique-local fc00::/7, site-local fec0::/10.
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal;
        }

        var b = address.GetAddressBytes();
        return b[0] == 10 || b[0] == 0 || b[0] == 127
            || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
            || (b[0] == 192 && b[1] == 168)
            || (b[0] == 169 && b[1] == 254)
            || (b[0] == 100 && b[1] >= 64 && b[1] <= 127); // shared address space (carrier-grade NAT)
    }

    /// <summary>
    /// The connection a webhook post may use: to one of the host's addresses that is allowed, or none (an
    /// <see cref="HttpRequestException"/> that says why).
    /// </summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, bool allowPrivate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var allowed = addresses.Where(a => allowPrivate || !IsPrivate(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException($"{host} is on a private network, where Augur does not post alerts (an administrator can allow it with Augur:Monitoring:AllowPrivateWebhooks)");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
