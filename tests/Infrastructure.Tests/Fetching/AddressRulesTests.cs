using System.Net;
using CitationMonitor.Infrastructure.Fetching;

namespace CitationMonitor.Infrastructure.Tests.Fetching;

/// <summary>Parsed literals only: nothing here touches the network.</summary>
public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("10.0.0.1")]
    [InlineData("192.0.2.2")]
    [InlineData("198.51.100.7")]
    [InlineData("203.0.113.9")]
    [InlineData("192.88.99.1")]
    [InlineData("2001:db8::1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("0.1.2.3")]
    [InlineData("255.255.255.255")]
    [InlineData("224.0.0.1")]
    [InlineData("240.0.0.1")]
    [InlineData("::1")]
    [InlineData("::")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")]
    [InlineData("febf::1")]
    [InlineData("ff02::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:10.1.2.3")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:c0a8:0101::1")]
    public void IsForbidden_PrivateOrReservedAddress_IsTrue(string literal) =>
        Assert.True(AddressRules.IsForbidden(IPAddress.Parse(literal)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("1.1.1.1")]
    [InlineData("172.15.255.255")]
    [InlineData("172.32.0.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("169.253.1.1")]
    [InlineData("2001:4860:4860::8888")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    [InlineData("64:ff9b::808:808")]
    public void IsForbidden_PublicAddress_IsFalse(string literal)
    {
        var address = IPAddress.Parse(literal);

        Assert.False(AddressRules.IsForbidden(address));
        Assert.True(AddressRules.IsAllowed(address));
    }

    [Fact]
    public void TheMachinesOwnInterfaceAddresses_AreRefused_WhateverTheirRange()
    {
        // A cited URL naming this machine (its host name resolves to one of these) would reach every service bound to
        // all interfaces. The addresses are only looked at, never connected to.
        var own = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(u => u.Address)
            .ToList();

        Assert.NotEmpty(own);
        Assert.All(own, address => Assert.True(TargetAddressPolicy.Default.IsForbidden(address), $"{address} is allowed"));
        Assert.False(TargetAddressPolicy.Default.IsForbidden(IPAddress.Parse("8.8.8.8")));
    }
}
