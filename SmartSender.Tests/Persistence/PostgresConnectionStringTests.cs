using Npgsql;
using SmartSender.Core.Persistence;

namespace SmartSender.Tests.Persistence;

/// <summary>The operator's PostgreSQL connection string gets our two defaults only where it does not say otherwise.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void AStringWithoutThem_GetsPreparedStatementsAndNoResetOnClose()
    {
        var built = new NpgsqlConnectionStringBuilder(Build("Host=db.internal;Database=smartsender;Username=app"));

        Assert.Equal(64, built.MaxAutoPrepare);
        Assert.True(built.NoResetOnClose);
        Assert.Equal("db.internal", built.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=db;maxautoprepare=0;NORESETONCLOSE=false")]
    public void WhatTheOperatorGave_IsKept(string given)
    {
        var built = new NpgsqlConnectionStringBuilder(Build(given));

        Assert.Equal(0, built.MaxAutoPrepare);
        Assert.False(built.NoResetOnClose);
    }

    [Fact]
    public void AnEmptyString_IsAClearError()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(" "));
        Assert.Contains("Database:ConnectionString is empty", error.Message);
    }

    private static string Build(string connectionString) =>
        DatabaseProviderSelection.PostgresConnectionString(new DatabaseOptions { Provider = DatabaseProvider.Postgres, ConnectionString = connectionString });
}
