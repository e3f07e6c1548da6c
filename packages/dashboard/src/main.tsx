import { render } from "preact";
import { App } from "./app.js";
import "./style.css";

const root = document.getElementById("app") as HTMLElement;
// Drop the "Loading" line: Preact renders beside what it does not know.
root.replaceChildren();
render(<App />, root);
