// Forwards the contract's deep link (popup.html?tab=<id>) to the popup page.
location.replace(`popup/popup.html${location.search}`);
