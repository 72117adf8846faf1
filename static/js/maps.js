// Maps: issue maps filled from the GeoJSON endpoint, and the new-issue form's pin picker.
// An enhancement only: each map is hidden until this script runs, the lists and the
// latitude/longitude fields work without it, and with no tiles the markers still show.
(function () {
  "use strict";

  function baseMap(container, el) {
    var center = (el.dataset.center || "-6.2,106.85").split(",").map(Number);
    var map = L.map(container, { keyboard: true, scrollWheelZoom: false }).setView(center, Number(el.dataset.zoom || 14));
    if (el.dataset.tiles) {
      // No tiles reachable (a closed network): the layer fails quietly and markers stay on a blank canvas.
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    return map;
  }

  function pinIcon(status, overdue) {
    return L.divIcon({
      className: "map-pin status-" + status + (overdue ? " overdue" : ""),
      iconSize: [18, 18],
      iconAnchor: [9, 9],
      popupAnchor: [0, -8],
    });
  }

  function popup(props) {
    // Built from text nodes: titles are residents' text.
    var box = document.createElement("div");
    box.className = "map-popup";
    var link = document.createElement("a");
    link.href = props.url;
    link.textContent = props.title;
    var title = document.createElement("strong");
    title.appendChild(link);
    box.appendChild(title);
    var line = document.createElement("p");
    var status = document.createElement("span");
    status.className = "status status-" + props.status;
    status.textContent = props.status_label;
    line.appendChild(status);
    if (props.clock) {
      var clock = document.createElement("span");
      clock.className = "clock-badge" + (props.overdue ? " overdue" : "");
      clock.textContent = props.clock;
      line.appendChild(document.createTextNode(" "));
      line.appendChild(clock);
    }
    box.appendChild(line);
    var area = document.createElement("p");
    area.className = "muted";
    area.textContent = props.area;
    box.appendChild(area);
    return box;
  }

  function issueMap(el) {
    el.hidden = false;
    var labels = el.dataset;
    var map = baseMap(el.querySelector(".map-canvas"), el);
    var statusLine = el.querySelector(".map-status");
    var cluster = L.markerClusterGroup ? L.markerClusterGroup({ showCoverageOnHover: false }) : L.featureGroup();
    cluster.addTo(map);
    function load(src) {
      fetch(src, { headers: { Accept: "application/geo+json" }, credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (data) {
          cluster.clearLayers();
          var markers = data.features.map(function (feature) {
            var c = feature.geometry.coordinates;
            var p = feature.properties;
            var marker = L.marker([c[1], c[0]], {
              icon: pinIcon(p.status, p.overdue),
              title: p.title + " · " + p.status_label + (p.clock ? " · " + p.clock : ""),
              alt: p.title,
              keyboard: true,
            });
            marker.bindPopup(popup(p));
            return marker;
          });
          if (cluster.addLayers) cluster.addLayers(markers);
          else markers.forEach(function (m) { cluster.addLayer(m); });
          el.dataset.markers = String(markers.length);
          if (markers.length === 1) {
            map.setView(markers[0].getLatLng(), 16);
          } else if (markers.length) {
            map.fitBounds(L.featureGroup(markers).getBounds(), { padding: [48, 48], maxZoom: 16 });
          }
          if (!markers.length && el.dataset.single) { el.hidden = true; return; } // the issue lost its place
          el.hidden = false;
          statusLine.textContent = !markers.length ? labels.labelNone : data.truncated ? labels.labelTruncated : "";
          el.classList.add("map-ready");
        })
        .catch(function () {
          el.hidden = true; // the list says everything the map would have
        });
    }
    load(el.dataset.src);
    // The issue page: when its header is replaced live (the author moved the pin), the map follows.
    document.addEventListener("balai:live-swapped", function (event) {
      var swapped = event.detail && event.detail.element;
      if (el.dataset.single && swapped && /-header$/.test(swapped.id || "")) load(el.dataset.src);
    });
    // The list's filters change the results through htmx: the map follows the new query.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (!event.detail.target || event.detail.target.id !== "issue-results" || !el.dataset.base) return;
      var path = (event.detail.pathInfo && (event.detail.pathInfo.finalRequestPath || event.detail.pathInfo.requestPath)) || "";
      var query = path.indexOf("?") >= 0 ? path.slice(path.indexOf("?")) : "";
      var area = new URLSearchParams(el.dataset.src.split("?")[1] || "").get("area");
      var params = new URLSearchParams(query);
      if (area && !params.get("area")) params.set("area", area);
      params.delete("page");
      load(el.dataset.base + "?" + params.toString());
    });
  }

  function picker(el) {
    el.hidden = false;
    var labels = el.dataset;
    var lat = document.getElementById(el.dataset.latitude);
    var lon = document.getElementById(el.dataset.longitude);
    var statusLine = el.querySelector(".map-status");
    var map = baseMap(el.querySelector(".map-canvas"), el);
    var marker = null;

    function typed() {
      var a = parseFloat((lat.value || "").replace(",", "."));
      var b = parseFloat((lon.value || "").replace(",", "."));
      return isFinite(a) && isFinite(b) && Math.abs(a) <= 90 && Math.abs(b) <= 180 ? L.latLng(a, b) : null;
    }

    function showPin(latlng) {
      if (!marker) {
        marker = L.marker(latlng, { draggable: true, keyboard: true, title: labels.labelPlaced, icon: pinIcon("picked", false) }).addTo(map);
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
      } else {
        marker.setLatLng(latlng);
      }
    }

    function place(latlng, pan, message) {
      showPin(latlng);
      if (pan) map.setView(latlng, Math.max(map.getZoom(), 16));
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      // htmx listens for "change" on the fields to ask for open issues near the pin.
      lat.dispatchEvent(new Event("change", { bubbles: true }));
      statusLine.textContent = message || labels.labelPlaced;
    }

    var start = typed();
    if (start) {
      showPin(start);
      map.setView(start, 16);
    }
    map.on("click", function (event) { place(event.latlng, false); });
    [lat, lon].forEach(function (field) {
      field.addEventListener("input", function () {
        var latlng = typed();
        if (latlng) { showPin(latlng); map.panTo(latlng); }
      });
    });
    el.querySelector("[data-pin-center]").addEventListener("click", function () { place(map.getCenter(), false); });
    var locate = el.querySelector("[data-use-location]");
    if (!navigator.geolocation) {
      locate.hidden = true;
    } else {
      locate.addEventListener("click", function () {
        statusLine.textContent = labels.labelLocating;
        navigator.geolocation.getCurrentPosition(
          function (position) {
            place(L.latLng(position.coords.latitude, position.coords.longitude), true, labels.labelLocated);
          },
          function () { statusLine.textContent = labels.labelNoLocation; },
          { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
        );
      });
    }
  }

  function start() {
    if (!window.L) return;
    document.querySelectorAll("[data-issue-map]").forEach(issueMap);
    document.querySelectorAll("[data-map-picker]").forEach(picker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
