// Applies the dashboard's saved theme to pages rendered without a circuit (sign-in, setup, invitations, errors),
// before they are painted. The choice is made by the theme button of the dashboard and kept in localStorage.
(function () {
    try {
        if (localStorage.getItem("smartsender-theme") === "dark") {
            document.documentElement.dataset.theme = "dark";
        }
    } catch (e) {
        // Storage may be refused (private windows, policies): the light theme stays.
    }
})();
