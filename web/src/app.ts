// The UI's one script, loaded as a module at the end of each page. Pages are server-rendered
// and work without it; this adds the theme toggle, small form conveniences and charts.
import { initCharts } from "./charts";
import { initEnhancements } from "./enhance";
import { initExplore } from "./explore/index";
import { initLimits } from "./limits";
import { initThemeToggle } from "./theme-toggle";

initThemeToggle();
initEnhancements();
initCharts();
initExplore();
initLimits();
