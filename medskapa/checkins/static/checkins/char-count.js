// A visible character counter for every textarea with data-max-length: the limit is said
// as you type, and nothing is cut (the server refuses a text that is too long, with how many
// characters too many).
document.querySelectorAll("textarea[data-max-length]").forEach(function (area) {
  var max = parseInt(area.dataset.maxLength, 10);
  var counter = document.getElementById(area.id.replace(/^id_/, "") + "-count") ||
    document.getElementById("text-count");
  if (!counter || !max) return;
  var update = function () {
    var count = area.value.trim().length;
    var over = count - max;
    var template = over > 0 ? counter.dataset.overTemplate : counter.dataset.template;
    counter.textContent = template.replace("{count}", count).replace("{over}", over);
    counter.classList.toggle("over-limit", over > 0);
  };
  area.addEventListener("input", update);
  update();
});
