// The demo page: the article's figures computed in the tab, a logistic regression on 2-D toy
// data trained live on MSE or cross-entropy, and one on the breast cancer data trained in a
// worker. Each section sets itself up in turn; an error in one is shown, not hidden.
import { showError } from './render.js';
import { setUpBreastCancer } from './sections/breastCancer.js';
import { drawCurve } from './sections/curve.js';
import { drawMseVsCe } from './sections/mseVsCe.js';
import { drawThreeClass } from './sections/threeClass.js';
import { setUpToy } from './sections/toy.js';

const query = new URLSearchParams(location.search);
const breastCancer = setUpBreastCancer(query);

async function setUp(): Promise<void> {
  await drawCurve();
  await drawThreeClass();
  await drawMseVsCe();
  await setUpToy();
  breastCancer.start();
  document.body.dataset.state = 'ready';
}

setUp().catch((e: unknown) => {
  document.body.dataset.state = 'error';
  showError(e instanceof Error ? e.message : String(e));
});
