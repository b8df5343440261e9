// The marketing page: a static list of this week's offers; the shop itself is the frontend service.
const offers = ['Sunglasses: 20% off', 'Free shipping over 50 EUR', 'Watches: buy one, get a strap free'];

const app = document.querySelector('#app');
const title = document.createElement('h1');
title.textContent = 'Polyglot shop';
const list = document.createElement('ul');
for (const offer of offers) {
  const item = document.createElement('li');
  item.textContent = offer;
  list.append(item);
}
app.append(title, list);
