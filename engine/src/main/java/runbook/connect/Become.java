package runbook.connect;
public final class Become { public static Connection wrap(Connection base, String loginUser, String becomeUser, String password) { return base; } }
