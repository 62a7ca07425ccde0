namespace SmartSender.Core.Instances;

/// <summary>What one instance of SmartSender does; several instances on one PostgreSQL database share the work.</summary>
public enum InstanceRole
{
    /// <summary>The browser dashboard, sign-in and setup.</summary>
    Dashboard,

    /// <summary>The HTTP API (<c>/api/v1</c>) and its reference.</summary>
    Api,

    /// <summary>Open pixels, links and unsubscribe pages.</summary>
    Tracking,

    /// <summary>The SMTP listener for bounces and complaints.</summary>
    Inbound,

    /// <summary>The delivery pump: claims due messages and delivers them.</summary>
    Delivery,

    /// <summary>Hangfire's server: webhooks, reputation, domain rechecks, purges and the other background jobs.</summary>
    Jobs,

    /// <summary>The SMTP submission listener: apps send with an API key as the password.</summary>
    Submission,
}
