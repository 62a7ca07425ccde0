// Draws or redraws a Chart.js chart on a canvas. Chart.js itself is loaded by App.razor (window.Chart).

function themeColor(name, fallback) {
    const value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
}

export function draw(canvas, config, clicks) {
    const text = themeColor("--mud-palette-text-secondary", "#666");
    const grid = themeColor("--mud-palette-lines-default", "rgba(0,0,0,.1)");
    const existing = window.Chart.getChart(canvas);
    if (existing) {
        // Redrawn from scratch so theme colours apply everywhere; no animation, the data is already on screen.
        existing.destroy();
        config.options = { ...(config.options ?? {}), animation: false };
    }
    if (window.matchMedia("(prefers-reduced-motion: reduce)").matches) {
        config.options = { ...(config.options ?? {}), animation: false };
    }
    if (clicks) {
        config.options = {
            ...(config.options ?? {}),
            onClick: (_, elements) => {
                if (elements.length) {
                    clicks.invokeMethodAsync("Clicked", elements[0].index, elements[0].datasetIndex);
                }
            },
            onHover: (event, elements) => {
                event.native.target.style.cursor = elements.length ? "pointer" : "default";
            },
        };
    }
    window.Chart.defaults.color = text;
    window.Chart.defaults.borderColor = grid;
    new window.Chart(canvas, config);
}

export function destroy(canvas) {
    window.Chart.getChart(canvas)?.destroy();
}
